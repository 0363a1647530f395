"""Tables of nomination rounds: a collection of kind ``nomination`` for a year
(its agencies' replies hold their nominated services), the services the
national office honours, and every honour, publication and withdrawal.
"""

from piccolo.columns import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency
from forms_service.collections.tables import Collection

__all__ = ["NominationHonour", "NominationRound", "NominationRoundEvent"]


class NominationRound(Table, tablename="nomination_round"):
    """The year of a nomination round and whether its honour list is published."""

    collection = ForeignKey(references=Collection, on_delete=OnDelete.cascade, unique=True)
    year = Integer(unique=True)  # one round a year
    per_audience = Integer(default=5)  # services an agency may nominate for each audience
    published = Boolean(default=False)
    published_at = Timestamptz(null=True, default=None)


class NominationHonour(Table, tablename="nomination_honour"):
    """A nominated service the national office honours (one row per round, agency
    and service)."""

    round = ForeignKey(references=NominationRound, on_delete=OnDelete.cascade)
    agency = ForeignKey(references=Agency, on_delete=OnDelete.restrict)
    service = Varchar(length=64)
    audience = Varchar(length=16)  # citizen | business
    key = Varchar(length=200, unique=True)  # "round:agency:service": honoured once
    marked_by = Varchar(length=64)
    marked_at = Timestamptz(default=TimestamptzNow())


class NominationRoundEvent(Table, tablename="nomination_round_event"):
    """Every honour, withdrawn honour, publication and withdrawal of the list."""

    round = ForeignKey(references=NominationRound, on_delete=OnDelete.cascade)
    action = Varchar(length=24)  # honour | unhonour | publish | unpublish
    actor = Varchar(length=64)
    details = JSON(null=True, default=None)  # {"agency": code, "service": code}
    at = Timestamptz(default=TimestamptzNow())
