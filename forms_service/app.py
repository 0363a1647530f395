"""The Litestar application factory."""

from __future__ import annotations

from typing import Any

from litestar import Litestar, get
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.spec import Components, SecurityScheme

from forms_service.accounts.controller import AccountController, SignInController
from forms_service.accounts.errorpages import workspace_exception_handlers
from forms_service.accounts.people import PeopleController
from forms_service.accounts.people_pages import PeoplePage
from forms_service.accounts.web import provide_signed_in
from forms_service.agencies.controller import AgencyController
from forms_service.alerts.controller import AlertPreferenceController
from forms_service.alerts.schedule import SWEEPS as ALERT_SWEEPS
from forms_service.apidocs import PackagedSwagger, api_docs_asset
from forms_service.boundary import PhieuRequest, RefuseControls
from forms_service.cases.controller import (
    CaseController,
    CaseRuleController,
    CaseSettingsController,
)
from forms_service.cases.followup_pages import FollowUpPageController
from forms_service.cases.pages import CasePages
from forms_service.cases.rule_page import CaseRulePage
from forms_service.catalogue.controller import ServiceController
from forms_service.collections.controller import CollectionController
from forms_service.collections.honours import HonourPages
from forms_service.collections.nomination_controller import NominationController
from forms_service.collections.nomination_pages import NominationPages
from forms_service.collections.pages import CollectionPages
from forms_service.collections.reminders import send_collection_reminders
from forms_service.context import Context
from forms_service.dashboard.controller import DashboardController
from forms_service.db import Database, connect, migrate
from forms_service.dependencies import provide_ctx, provide_principal
from forms_service.designer import DesignerController, FormEditorController
from forms_service.distribution.controller import (
    DistributionController,
    InvitationTextsController,
    ReceiptLinkController,
)
from forms_service.distribution.pages import InvitationPageController, ReceiptPageController
from forms_service.distribution.reminders import ReminderSweeper
from forms_service.distribution.workspace import DistributionPage
from forms_service.dossiers.controller import DossierEventController
from forms_service.embedding.controller import EmbedTokenController, PortalController
from forms_service.embedding.pages import FormPageController, brand_file, static_file
from forms_service.exports.controller import ExportController
from forms_service.forms.controller import FormController, TemplateController
from forms_service.http import GZIP_MINIMUM_BYTES, exception_handlers
from forms_service.json_body import check_json_body
from forms_service.keys.controller import ApiKeyController
from forms_service.kiosk.controller import (
    DeviceController,
    KioskAnswerController,
    officer_pin,
    on_duty,
)
from forms_service.kiosk.device_pages import DevicePages
from forms_service.kiosk.pages import kiosk_file, kiosk_page
from forms_service.logs import RequestIds
from forms_service.metrics import Metrics, RequestMetrics, metrics_endpoint
from forms_service.openapi import (
    StrictStructSchemaPlugin,
    document_errors,
    fix_options_allow,
    refine_openapi,
)
from forms_service.organisation.controller import (
    CounterController,
    OfficerController,
    UnitController,
)
from forms_service.organisation.pages import OrganisationPage
from forms_service.outbox.controller import OutboxController
from forms_service.outbox.worker import OutboxWorker
from forms_service.piccolo_app import TABLES
from forms_service.privacy.schedule import RetentionPurger
from forms_service.public.controller import PublicController, public_index_json
from forms_service.reports.controller import AnalyticsController
from forms_service.responses.controller import (
    SUBMIT_ROUTE,
    ResponseController,
    submission_shortcut,
)
from forms_service.results.controller import FormResultsController
from forms_service.settings import Settings
from forms_service.shortcut import shortcut_route
from forms_service.webhooks.controller import WebhookController
from forms_service.webhooks.pages import WebhookPages
from forms_service.workspace import workspace_static

__all__ = ["create_app"]


@get("/healthz", tags=["health"], summary="Liveness and database check", opt={"public": True})
async def healthz(state: State) -> dict[str, Any]:
    ctx: Context = state.ctx
    await ctx.db.raw("SELECT 1 AS ok")
    return {"status": "ok", "database": "sqlite" if ctx.db.is_sqlite else "postgresql"}


def create_app(settings: Settings, *, database: Database | None = None,
               run_migrations: bool = True) -> Litestar:
    """Build the service for ``settings``.

    The database engine is built (or the given one used) and bound; on
    start-up the connection pool opens and pending migrations are applied.
    """
    db = database or connect(settings, TABLES)
    ctx = Context(settings=settings, db=db)
    metrics = Metrics(ctx)
    purger = RetentionPurger(ctx)
    # the outbox is delivered inside the service unless PHIEU_OUTBOX_WORKER=false
    outbox = OutboxWorker(db) if settings.delivery.worker else None
    reminders = ReminderSweeper(ctx, sweeps=(send_collection_reminders, *ALERT_SWEEPS))
    background = [purger.start, reminders.start, *([outbox.start] if outbox else [])]
    stopping = [*([outbox.stop] if outbox else []), reminders.stop, purger.stop]

    async def on_startup(app: Litestar) -> None:
        await db.start()
        if run_migrations:
            await migrate(db)
        await ctx.broadcast.start()  # invalidations from the other processes

    async def on_shutdown(app: Litestar) -> None:
        await ctx.broadcast.stop()
        await db.stop()

    app = Litestar(
        route_handlers=[
            healthz,
            AgencyController,
            ApiKeyController,
            ServiceController,
            TemplateController,
            FormController,
            ResponseController,
            EmbedTokenController,
            PortalController,
            FormPageController,
            static_file,
            brand_file,
            SignInController,
            AccountController,
            PeopleController,
            PeoplePage,
            workspace_static,
            DesignerController,
            FormEditorController,
            AnalyticsController,
            FormResultsController,
            ExportController,
            WebhookController,
            DashboardController,
            PublicController,
            public_index_json,
            DossierEventController,
            UnitController,
            CounterController,
            OfficerController,
            OrganisationPage,
            DevicePages,
            metrics_endpoint,
            api_docs_asset,
            OutboxController,
            DistributionController,
            InvitationPageController,
            ReceiptLinkController,
            InvitationTextsController,
            DistributionPage,
            ReceiptPageController,
            DeviceController,
            KioskAnswerController,
            on_duty,
            officer_pin,
            CollectionController,
            CollectionPages,
            NominationController,
            NominationPages,
            HonourPages,
            kiosk_page,
            kiosk_file,
            CaseController,
            CaseRuleController,
            CaseSettingsController,
            CasePages,
            WebhookPages,
            AlertPreferenceController,
            CaseRulePage,
            FollowUpPageController,
        ],
        dependencies={
            "ctx": Provide(provide_ctx, sync_to_thread=False),
            "principal": Provide(provide_principal),
            "signed_in": Provide(provide_signed_in),
        },
        state=State({"ctx": ctx, "metrics": metrics}),
        on_startup=[on_startup, *background],
        on_shutdown=[*stopping, on_shutdown],
        exception_handlers=workspace_exception_handlers(exception_handlers),
        request_max_body_size=settings.max_body_bytes,
        before_request=check_json_body,
        # level 5: most of level 9's saving at a fraction of the CPU on large exports
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=GZIP_MINIMUM_BYTES, gzip_compress_level=5,
            exclude_opt_key="skip_compression",  # handlers whose answers are always small
        ),
        openapi_config=OpenAPIConfig(
            title="Phiếu API",
            version="1",
            description="Survey forms, responses and satisfaction analytics for public services.",
            path="/schema",
            # Swagger UI from a packaged copy (forms_service/apidocs): no CDN needed
            render_plugins=[PackagedSwagger(path=["/", "/swagger"])],
            components=Components(security_schemes={
                "BearerKey": SecurityScheme(type="http", scheme="bearer",
                                            description="An API key: phk_…"),
            }),
            security=[{"BearerKey": []}],
        ),
        plugins=[StrictStructSchemaPlugin()],
        request_class=PhieuRequest,  # form posts checked for control characters
        logging_config=None,  # the log is configured by `phieu serve` (forms_service.logs)
        debug=settings.debug,
    )
    document_errors(app)
    refine_openapi(app)
    fix_options_allow(app)
    # the busiest route is served before the router; wiring refuses if the route
    # has a layer (middleware, hooks, guards …) the shortcut would skip
    # an address holding a control character (a NUL) is refused before the router
    # (the shortcut's path is exact and its handler reads no query)
    app.asgi_handler = RefuseControls(app, app.asgi_handler)
    shortcut_route(app, SUBMIT_ROUTE, submission_shortcut(ctx), reproduces=[check_json_body])
    # outermost: every request is counted by route and gets an id (log, X-Request-ID)
    app.asgi_handler = RequestIds(RequestMetrics(app.asgi_handler, metrics))
    return app
