from piccolo.columns import ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from forms_service.agencies.tables import Agency


class PortalOrigin(Table, tablename="portal_origin"):
    """A web origin (``https://host[:port]``) where an agency's portal embeds its forms.

    The form pages of the agency allow these origins, and only these, in
    ``frame-ancestors`` and as ``postMessage`` targets.
    """

    agency = ForeignKey(references=Agency, on_delete=OnDelete.cascade)
    origin = Varchar(length=255)
    created_at = Timestamptz(default=TimestamptzNow())
