"""The per-question answer counts behind form results."""

from piccolo.columns import Integer, Text, Varchar
from piccolo.table import Table


class AnswerAggregate(Table, tablename="answer_aggregate"):
    """How many responses gave each answer fact, per form version and group.

    One row per (form_version, service, audience, channel, span, period,
    question, value): ``value`` is an answer fact of
    :func:`form_schemas.facts.answer_facts` (the JSON text of a closed
    answer, or a marker such as ``@hidden``). Each response adds to a month
    row and a year row of each of its facts, in the transaction that stores
    it (as :class:`~forms_service.reports.tables.ResponseAggregate`), and
    ``phieu aggregates rebuild`` recomputes them from the raw rows. Text
    answers are counted as answered, never stored here. Key columns are
    ``NOT NULL`` (a response without a service counts under ``service = 0``
    and ``audience = ''``) so that the unique key is an upsert target on
    SQLite and PostgreSQL alike.
    """

    agency = Integer()
    form = Integer()
    form_version = Integer()
    service = Integer(default=0)
    audience = Varchar(length=16, default="")
    channel = Varchar(length=16, default="")
    span = Varchar(length=5)  # month | year
    period = Varchar(length=7)  # YYYY-MM (UTC+7, as response.month) or YYYY
    question = Varchar(length=64, default="")
    value = Text(default="")
    answers = Integer(default=0)
