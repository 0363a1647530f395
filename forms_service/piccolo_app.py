"""The Piccolo app holding every table of the service and its migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from forms_service.accounts.tables import Person, PersonSession, SignInFailure, SignInLink
from forms_service.agencies.tables import Agency
from forms_service.alerts.tables import AlertDigest, AlertPreference
from forms_service.cases.tables import (
    CaseDayOff,
    CaseNote,
    CaseReply,
    CaseRule,
    CaseSettings,
    CaseTransition,
    FeedbackCase,
)
from forms_service.catalogue.tables import DossierStat, Service
from forms_service.collections.nomination_tables import (
    NominationHonour,
    NominationRound,
    NominationRoundEvent,
)
from forms_service.collections.tables import Collection, CollectionEvent, CollectionRequest
from forms_service.distribution.tables import (
    ContactStop,
    DistributionRule,
    Invitation,
    InvitationText,
)
from forms_service.dossiers.tables import Dossier, DossierEvent, DossierMonth, DossierTouch
from forms_service.embedding.tables import PortalOrigin
from forms_service.exports.tables import ExportAudit
from forms_service.forms.tables import Form, FormVersion
from forms_service.keys.tables import ApiKey
from forms_service.kiosk.tables import CounterDuty, Device, KioskAnswer, OfficerPin
from forms_service.organisation.tables import Counter, Officer, Unit
from forms_service.outbox.tables import OutboxMessage
from forms_service.reports.dossier_rollup import DossierRollup
from forms_service.reports.tables import QualityScore, ResponseAggregate
from forms_service.responses.tables import Response, ResponseChannel
from forms_service.results.tables import AnswerAggregate
from forms_service.webhooks.tables import WebhookDelivery, WebhookEndpoint, WebhookEvent

TABLES = (
    Agency, ApiKey, Service, DossierStat, Unit, Counter, Officer,
    Form, FormVersion, Response, ResponseChannel,
    PortalOrigin, ResponseAggregate, QualityScore, ExportAudit,
    Person, PersonSession, SignInLink, SignInFailure,
    DossierEvent, Dossier, DossierTouch,
    DossierRollup,  # before dossier_month: its triggers write here until it is emptied
    DossierMonth,
    AnswerAggregate,
    OutboxMessage,
    DistributionRule, Invitation, ContactStop, InvitationText,
    Device, CounterDuty, KioskAnswer, OfficerPin,
    WebhookEndpoint, WebhookDelivery, WebhookEvent,
    Collection, CollectionRequest, CollectionEvent,
    NominationRound, NominationHonour, NominationRoundEvent,
    CaseRule, CaseSettings, CaseDayOff, FeedbackCase, CaseTransition, CaseNote,
    AlertPreference, AlertDigest,
    CaseReply,
)

APP_CONFIG = AppConfig(
    app_name="phieu",
    migrations_folder_path=str(Path(__file__).parent / "piccolo_migrations"),
    table_classes=list(TABLES),
    migration_dependencies=[],
    commands=[],
)
