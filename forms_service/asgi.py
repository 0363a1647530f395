"""ASGI entry point for servers started by import string (several workers).

``phieu serve --workers N`` applies pending migrations once, then starts N
uvicorn worker processes that each build the app here, without migrating
again (so the workers never race over the schema).  Started by hand
(``uvicorn --factory forms_service.asgi:app_from_env``), run ``phieu
migrate`` first.
"""

import gc

from litestar import Litestar

from forms_service.app import create_app
from forms_service.logs import configure_logging
from forms_service.settings import Settings


def app_from_env() -> Litestar:
    """Build the app from ``PHIEU_*`` variables (used with ``--factory``)."""
    configure_logging()  # JSON lines, as `phieu serve` writes them
    app = create_app(Settings.from_env(), run_migrations=False)
    gc.freeze()  # the app's objects live as long as the process: no full GC passes over them
    return app
