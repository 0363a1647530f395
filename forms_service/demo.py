"""Demo data: a province with services, published forms from every national
template, dossier statistics over eight quarters and a few thousand
synthetic responses.  Seeded, so every run produces the same data."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass, field
from typing import Any

from form_schemas import CompiledForm, Question, compile_form, list_templates, load_template
from forms_service.accounts.demo import DEMO_PASSWORD, seed_demo_people
from forms_service.accounts.tables import Person
from forms_service.agencies.service import create_agency, set_publication
from forms_service.agencies.tables import Agency
from forms_service.catalogue.service import create_service, record_dossier_stats
from forms_service.collections.demo import seed_collection_demo
from forms_service.collections.nomination_demo import seed_nomination_demo
from forms_service.context import Context
from forms_service.credentials.keyed import dossier_hash
from forms_service.credentials.tokens import signing_secret
from forms_service.demo_dossiers import seed_dossier_demo
from forms_service.embedding.service import mint_token
from forms_service.forms.service import create_form, publish_form
from forms_service.forms.tables import Form, FormVersion
from forms_service.i18n import local_month
from forms_service.keys.service import authenticate, create_key
from forms_service.reports.demo import seed_reports_demo
from forms_service.responses.tables import Response, ResponseChannel

__all__ = ["DEMO_AGENCY", "DemoSummary", "seed_demo"]

DEMO_AGENCY = ("000.00.00.H29", "UBND tỉnh Hải Dương", "province")
OTHER_AGENCIES = (
    ("G14", "Bộ Tư pháp", "ministry"),
    ("000.00.00.H26", "UBND tỉnh Hà Nam", "province"),
)
SEED = 2023
START = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 9, 30, tzinfo=dt.UTC)

# (code, name, audience, delivery, satisfaction rate, share of responses, savings)
SERVICES: tuple[tuple[str, str, str, str, float, float, str | None], ...] = (
    ("1.001193", "Đăng ký khai sinh", "citizen", "full_online", 0.96, 0.20,
     "Không phải đến trụ sở; giảm 2 ngày đi lại"),
    ("2.000815.000.00.00.H29", "Cấp phiếu lý lịch tư pháp", "citizen", "full_online", 0.93,
     0.14, None),
    ("1.004227", "Đăng ký thường trú", "citizen", "full_online", 0.88, 0.12, None),
    ("1.001612", "Cấp đổi giấy phép lái xe", "citizen", "partial_online", 0.91, 0.10, None),
    ("2.001824", "Chứng thực bản sao từ bản chính", "citizen", "full_online", 0.81, 0.08,
     None),
    ("1.003003", "Đăng ký kết hôn", "citizen", "full_online", 0.97, 0.012, None),
    ("2.001610", "Đăng ký thành lập doanh nghiệp tư nhân", "business", "full_online", 0.94,
     0.12, "Giảm thời gian giải quyết từ 3 ngày xuống 1 ngày"),
    ("1.005198", "Cấp giấy phép xây dựng", "business", "partial_online", 0.78, 0.08, None),
    ("2.000633", "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm", "business",
     "full_online", 0.90, 0.07, None),
    ("1.000775", "Đăng ký hộ kinh doanh", "business", "full_online", 0.92, 0.06, None),
    ("1.009994", "Cấp giấy phép kinh doanh rượu", "business", "full_online", 1.0, 0.008,
     None),
)

# how a respondent heard of online public services: reach, and how much more
# often those reached submit by themselves
CHANNEL_REACH = {
    "tv": 0.42, "radio": 0.12, "press": 0.15, "social_network": 0.38, "zalo": 0.30,
    "portal": 0.25, "one_stop_desk": 0.35, "community_digital_team": 0.22, "family": 0.28,
}
CHANNEL_LIFT = {"community_digital_team": 0.25, "portal": 0.15, "zalo": 0.08,
                "one_stop_desk": -0.05}
RESPONSES_PER_TEMPLATE = {"quick-rating": 2600, "sipas": 700, "communication": 900, "nps": 300,
                          "agency-communication": 40}
COMMENTS = (
    "Thời gian chờ xử lý hồ sơ còn dài.",
    "Giao diện cổng dịch vụ công khó dùng trên điện thoại.",
    "Cán bộ hướng dẫn nhiệt tình, chu đáo.",
    "Cần hướng dẫn rõ hơn về giấy tờ cần nộp.",
    "Thanh toán trực tuyến thuận tiện.",
)


@dataclass
class DemoSummary:
    admin_key: str
    portal_key: str = ""
    analyst_key: str = ""
    portal_key_id: str = ""
    signing_secret: str = ""
    token_links: list[tuple[str, str]] = field(default_factory=list)  # (form, signed URL)
    created: bool = False
    forms: list[str] = field(default_factory=list)
    responses: int = 0
    people: list[tuple[str, str]] = field(default_factory=list)

    def describe(self, base_url: str) -> str:
        lines = ["Phiếu demo"]
        if self.created:
            lines.append(f"  seeded {self.responses} responses to {len(self.forms)} forms")
        else:
            lines.append("  demo data already present; a new admin key was made")
        lines += [
            f"  survey page:         {base_url}/f/demo-communication  (open form, no token)",
            f"  dashboard:           {base_url}/dashboard  (sign in as below)",
            f"  form designer:       {base_url}/designer  (sign in as designer@demo.phieu.vn)",
            f"  collections:         {base_url}/collections  (the national office: sign in "
            "as office@demo.phieu.vn)",
            f"  public results:      {base_url}/public/{DEMO_AGENCY[0]}  and  "
            f"{base_url}/public/rankings/2023",
            f"  honour list:         {base_url}/public/honours/2025  (excellent services "
            "nominated in the 2025 round, under /collections for the office)",
            f"  API documentation:   {base_url}/schema",
            f"  health:              {base_url}/healthz",
            f"  forms:               curl -H 'Authorization: Bearer <admin key>' "
            f"{base_url}/api/v1/forms",
        ]
        if self.portal_key:
            lines.append(f"  portal key ({DEMO_AGENCY[0]}): {self.portal_key}")
        if self.signing_secret:
            lines.append(f"  signing secret for context tokens (kid {self.portal_key_id}): "
                         f"{self.signing_secret}")
        if self.token_links:
            lines.append("  forms with a context token (signed for a week, one answer each):")
            lines += [f"    {slug}: {url}" for slug, url in self.token_links]
        if self.analyst_key:
            lines.append(f"  analyst key ({DEMO_AGENCY[0]}): {self.analyst_key}")
            lines.append(f"  satisfaction:        curl -H 'Authorization: Bearer <analyst key>' "
                         f"'{base_url}/api/v1/analytics/satisfaction?group_by=service'")
            lines.append(f"  response rates:      curl -H 'Authorization: Bearer <analyst key>' "
                         f"'{base_url}/api/v1/analytics/response-rates?group_by=unit'")
        if self.people:
            lines.append(f"  workspace sign-in:   {base_url}/sign-in  "
                         f"(password for everyone: {DEMO_PASSWORD})")
            lines += [f"    {role:<9} {email}" for email, role in self.people]
        lines.append("  admin key (shown once, on the next line):")
        lines.append(self.admin_key)
        return "\n".join(lines)


async def seed_demo(ctx: Context) -> DemoSummary:
    """Seed the demo data once; always return a fresh admin key."""
    _, admin = await create_key(ctx, None, role="admin", agency=None, name="demo admin")
    if await Agency.exists().where(Agency.code == DEMO_AGENCY[0]).run():
        summary = DemoSummary(admin_key=admin,
                              people=await seed_demo_people(ctx, DEMO_AGENCY[0]))
        await _portal(ctx, summary)
        return summary
    rng = random.Random(SEED)
    for code, name, kind in (DEMO_AGENCY, *OTHER_AGENCIES):
        await create_agency(ctx, None, code=code, name=name, kind=kind)
    agency = DEMO_AGENCY[0]
    people = await seed_demo_people(ctx, agency)
    _, designer_key = await create_key(ctx, None, role="designer", agency=agency, name="demo")
    _, analyst_key = await create_key(ctx, None, role="analyst", agency=agency, name="demo")
    designer = await authenticate(ctx, f"Bearer {designer_key}")
    for code, name, audience, delivery, _, _, savings in SERVICES:
        await create_service(ctx, designer, code=code, name=name, agency=agency,
                             audience=audience, delivery=delivery)
        await _dossier_stats(ctx, designer, code, delivery, savings, rng)
    summary = DemoSummary(admin_key=admin, analyst_key=analyst_key, created=True, people=people)
    for info in list_templates():
        slug = f"demo-{info.name}"
        access = "open" if info.name in {"communication", "agency-communication"} else "token"
        await create_form(ctx, designer, slug=slug, agency=agency, template=info.name,
                          access=access)
        await publish_form(ctx, designer, slug)
        summary.forms.append(slug)
        summary.responses += await _responses(ctx, slug, info.name, rng)
    await seed_dossier_demo(ctx, agency)
    await seed_reports_demo(ctx)
    await _collection(ctx, rng)
    # the demo province publishes its aggregate results on /public
    await set_publication(ctx, None, DEMO_AGENCY[0], True)
    await _portal(ctx, summary)
    return summary


async def _portal(ctx: Context, summary: DemoSummary) -> None:
    """A new portal key, its signing secret, and a signed URL for each token form."""
    row, key = await create_key(ctx, None, role="portal", agency=DEMO_AGENCY[0],
                                name="demo portal")
    summary.portal_key, summary.portal_key_id = key, row["key_id"]
    summary.signing_secret = signing_secret(ctx.settings.secret_key, row["key_id"])
    portal = await authenticate(ctx, f"Bearer {key}")
    slugs = await Form.select(Form.slug).where(
        (Form.access == "token") & (Form.status == "published") & Form.slug.like("demo-%")
    ).order_by(Form.slug).run()
    for item in slugs:
        minted = await mint_token(ctx, portal, form=item["slug"], service=SERVICES[0][0],
                                  dossier=f"DEMO-{secrets.token_hex(4).upper()}",
                                  ttl_seconds=7 * 86400)
        summary.token_links.append((item["slug"], minted["url"]))


async def _dossier_stats(ctx: Context, designer: Any, code: str, delivery: str,
                         savings: str | None, rng: random.Random) -> None:
    for index, (year, quarter) in enumerate(_quarters()):
        total = rng.randint(300, 2400)
        online_share = min(0.95, (0.30 if delivery == "full_online" else 0.12)
                           + 0.035 * index + rng.uniform(-0.05, 0.05))
        online = round(total * online_share)
        self_share = 0.18 + 0.02 * index + rng.uniform(-0.03, 0.03)
        await record_dossier_stats(
            ctx, designer, code, agency=DEMO_AGENCY[0], period=f"{year}-Q{quarter}",
            online_dossiers=online, total_dossiers=total,
            self_submitted_dossiers=round(online * self_share),
            savings_note=savings if index == 0 else None,
        )


def _quarters() -> list[tuple[int, int]]:
    out = []
    year, quarter = START.year, (START.month - 1) // 3 + 1
    while (year, quarter) <= (END.year, (END.month - 1) // 3 + 1):
        out.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return out


def _moment(rng: random.Random) -> dt.datetime:
    span = (END - START).total_seconds()
    # more answers later on, as online use grows
    return START + dt.timedelta(seconds=span * (rng.random() ** 0.8))


def _pick_service(rng: random.Random) -> tuple[str, str, float]:
    weights = [s[5] for s in SERVICES]
    code, _, audience, _, rate, _, _ = rng.choices(SERVICES, weights=weights)[0]
    return code, audience, rate


def _kind(question: Question) -> str | None:
    """What the question's answers are (its widget's kind)."""
    return question.spec.kind if question.spec is not None else None


def _answer_question(question: Question, rng: random.Random) -> Any:
    if _kind(question) == "multiple_choice":
        values = [c.value for c in question.choices]
        picked = [v for v in values if rng.random() < 0.3]
        return picked or [rng.choice(values)]
    if question.choices:
        return rng.choice([c.value for c in question.choices])
    if _kind(question) == "boolean":
        return rng.random() < 0.6
    if question.type in ("integer", "number"):
        low = int(question.minimum if question.minimum is not None else 0)
        high = int(question.maximum if question.maximum is not None else 100)
        return rng.randint(low, high)
    return rng.choice(COMMENTS) if question.required or rng.random() < 0.5 else None


def _satisfaction_value(compiled: CompiledForm, satisfied: bool, rng: random.Random) -> Any:
    mapping = compiled.satisfaction
    assert mapping is not None
    question = next(q for q in compiled.questions if q.name == mapping["question"])
    good = [c.value for c in question.choices if c.value in mapping["satisfied"]]
    bad = [c.value for c in question.choices if c.value not in mapping["satisfied"]]
    return rng.choice(good if satisfied or not bad else bad)


def _synthetic_answers(
    compiled: CompiledForm, definition: dict[str, Any], rate: float, rng: random.Random
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    satisfied = rng.random() < rate
    for question in compiled.questions:
        if question.name not in compiled.visible(answers):
            continue
        if compiled.satisfaction and question.name == compiled.satisfaction["question"]:
            value = _satisfaction_value(compiled, satisfied, rng)
        elif _kind(question) == "rating" and question.choices:
            ranked = sorted(c.value for c in question.choices)
            value = ranked[-1 - min(len(ranked) - 1, int(rng.expovariate(1 / (0.4 if satisfied
                                                                               else 1.6))))]
        elif _kind(question) == "nps":
            value = min(10, max(0, round(rng.gauss(8.2 if satisfied else 5.0, 1.6))))
        else:
            value = _answer_question(question, rng)
        if value is not None:
            answers[question.name] = value
    communication = (definition.get("x-survey") or {}).get("communication")
    if communication:
        channels = [c for c, reach in CHANNEL_REACH.items() if rng.random() < reach] or ["tv"]
        answers[communication["channels"]] = channels
        p_self = 0.25 + sum(CHANNEL_LIFT.get(c, 0.0) for c in channels)
        mapping = communication["self_submission"]
        answers[mapping["question"]] = (
            mapping["values"][0] if rng.random() < p_self
            else rng.choice(["with_help", "not_yet"])
        )
    return answers


async def _collection(ctx: Context, rng: random.Random) -> None:
    """The national office's collection of the agency questionnaire (after the 83
    agencies of the national evaluation exist)."""
    definition = load_template("agency-communication")
    compiled = compile_form(definition)
    people = {row["email"]: row["id"] for row in await Person.select(
        Person.id, Person.email).run()}
    await seed_collection_demo(
        ctx, form="demo-agency-communication", office_person=people["office@demo.phieu.vn"],
        answers=lambda r: _synthetic_answers(compiled, definition, 0.9, r),
        own_agency=DEMO_AGENCY[0], own_person=people["designer@demo.phieu.vn"],
        seed=rng.randint(0, 2**31))
    await seed_nomination_demo(ctx, office_person=people["office@demo.phieu.vn"],
                               own_agency=DEMO_AGENCY[0],
                               own_person=people["designer@demo.phieu.vn"])


async def _responses(ctx: Context, slug: str, template: str, rng: random.Random) -> int:
    form = await Form.select().where(Form.slug == slug).first().run()
    assert form is not None
    version = await FormVersion.select().where(FormVersion.form == form["id"]).first().run()
    assert version is not None
    definition = load_template(template)
    compiled = compile_form(definition)
    agency = await Agency.select().where(Agency.id == form["agency"]).first().run()
    assert agency is not None
    from forms_service.catalogue.tables import Service

    services = {row["code"]: row for row in await Service.select().where(
        Service.agency == form["agency"]).run()}
    count = RESPONSES_PER_TEMPLATE.get(template, 100)
    stored = 0
    async with ctx.db.write_transaction():
        for index in range(count):
            code, _, rate = _pick_service(rng)
            answers = _synthetic_answers(compiled, definition, rate, rng)
            result = compiled.validate(answers)
            if not result.ok:
                raise AssertionError(f"demo answers for {slug} invalid: {result.errors}")
            derived = compiled.derive(result.answers)
            moment = _moment(rng)
            open_form = form["access"] == "open"
            service = None if open_form and rng.random() < 0.5 else services[code]
            reference = None if open_form else f"{code}-{index:06d}"
            inserted = await Response.insert(Response(
                form=form["id"], form_version=version["id"],
                service=service["id"] if service else None, agency=form["agency"],
                dossier_hash=dossier_hash(ctx.settings.secret_key, agency["code"], reference)
                if reference else None,
                channel=rng.choices(["web", "mobile", "kiosk", "one_stop"], [5, 4, 1, 2])[0],
                locale="vi" if rng.random() < 0.95 else "en",
                audience=service["audience"] if service else None,
                submitted_at=moment, month=local_month(moment), answers=result.answers,
                satisfaction_value=derived.satisfaction_value
                if isinstance(derived.satisfaction_value, int) else None,
                satisfied=derived.satisfied, nps_score=derived.nps_score,
                self_submitted=derived.self_submitted,
            )).returning(Response.id).run()
            for channel in dict.fromkeys(derived.channels):
                await ResponseChannel.insert(ResponseChannel(
                    response=inserted[0]["id"], form=form["id"], channel=channel)).run()
            stored += 1
    return stored
