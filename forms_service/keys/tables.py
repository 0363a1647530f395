from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency


class ApiKey(Table, tablename="api_key"):
    """An API key: only its SHA-256 digest is stored, the key is shown once.

    ``key_id`` is the public part of the key (``phk_<key_id>_<secret>``) and
    doubles as the ``kid`` of the context tokens a portal key signs.
    """

    key_id = Varchar(length=32, unique=True, index=True)
    secret_hash = Varchar(length=64)
    name = Varchar(length=255, default="")
    role = Varchar(length=16)  # a Role of forms_service.roles (KEY_ROLES)
    agency = ForeignKey(references=Agency, null=True, on_delete=OnDelete.restrict)
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)
