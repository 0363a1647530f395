"""ASGI entry point for servers started by import string (several workers)."""

from litestar import Litestar

from forms_service.app import create_app
from forms_service.settings import Settings


def app_from_env() -> Litestar:
    """Build the app from ``PHIEU_*`` variables (used with ``--factory``)."""
    return create_app(Settings.from_env())
