from piccolo.columns import Boolean, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Agency(Table, tablename="agency"):
    """A ministry, province or other body that owns services and forms."""

    code = Varchar(length=40, unique=True, index=True)
    name = Varchar(length=255)
    kind = Varchar(length=16)  # ministry | province | other
    created_at = Timestamptz(default=TimestamptzNow())
    # opted in to the public results pages (/public); aggregates only
    publish_results = Boolean(default=False)
    # dossier events may register unknown officers and counters by their code
    auto_register_staff = Boolean(default=False)
    # branding of its form pages: an accent colour (#rrggbb, checked for contrast)
    # and a logo (base64 of a PNG, JPEG or WebP image, served by Phiếu itself)
    accent_colour = Varchar(length=7, null=True, default=None)
    logo = Text(null=True, default=None)
    logo_type = Varchar(length=32, null=True, default=None)
    # changes with the colour or the logo: the pages' URLs of them carry it, so
    # that browsers keep them until they change
    brand_version = Varchar(length=16, null=True, default=None)
