"""Collections: what the national office asks of ministries and provinces (a
published form to answer, by a deadline), each asked agency's reply with its
draft, submission and review, the tracking of who has not sent, and the
reminders on the collection's schedule. A nomination round of excellent
services (seed 000) is a collection of kind ``nomination``
(``nominations``, ``nomination_office``, ``honours``).
"""

from forms_service.collections.order import late_sentence, sort_agencies
from forms_service.collections.states import STATES, STEPS

__all__ = ["STATES", "STEPS", "late_sentence", "sort_agencies"]
