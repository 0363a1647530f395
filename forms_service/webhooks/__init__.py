"""Webhooks: agencies' endpoints, the events they subscribe to, and :func:`publish`,
which queues an event for them in the outbox (channel ``webhook``).

Importing the package registers its listeners of the outbox
(``invitation.failed``; an endpoint's failure streak and automatic disabling).
"""

from forms_service.webhooks import health as _health  # noqa: F401  (registers its listeners)
from forms_service.webhooks import listeners as _listeners  # noqa: F401  (registers them)
from forms_service.webhooks.events import EVENTS, EventSpec
from forms_service.webhooks.publish import publish

__all__ = ["EVENTS", "EventSpec", "publish"]
