"""Context tokens: every way a token can fail, each with its own page and JSON error."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path

import jwt
import pytest

from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.embed_setup import H29, SERVICE, Portal, error_code, portal_key

JSON = {"Accept": "application/json", "Accept-Language": "en"}


def _b64(data: dict[str, object]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


async def _page(api: Api, token: str, slug: str = "hai-long") -> tuple[int, str, str | None]:
    r = await api.client.get(f"/f/{slug}", params={"t": token})
    assert r.headers["content-type"].startswith("text/html")
    assert "Traceback" not in r.text
    return r.status_code, r.text, error_code(r.text)


async def _json(api: Api, token: str, slug: str = "hai-long") -> tuple[int, dict[str, str]]:
    r = await api.client.get(f"/f/{slug}", params={"t": token}, headers=JSON)
    return r.status_code, r.json()


async def test_a_good_token_opens_the_form(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    status, html, code = await _page(api, portal.token())
    assert status == 200 and code is None
    assert 'name="overall"' in html and "<form" in html


# the HS512 case signs with the portal's real (HS256-sized) secret on purpose
@pytest.mark.filterwarnings("ignore:.*SHA512:jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize(
    ("case", "code", "status", "fragment"),
    [
        ("bad_signature", "token_signature_invalid", 401, "signature"),
        ("alg_none", "token_algorithm_invalid", 401, "HS256"),
        ("alg_hs512", "token_algorithm_invalid", 401, "HS256"),
        ("not_a_jwt", "token_invalid", 401, "JWT"),
        ("expired", "token_expired", 401, "expired"),
        ("too_long", "token_invalid", 401, "7"),
        ("no_jti", "token_invalid", 401, "jti"),
        ("no_kid", "token_invalid", 401, "kid"),
        ("unknown_kid", "token_signature_invalid", 401, "signature"),
        ("no_dossier", "token_invalid", 401, "dossier"),
        ("bad_channel", "token_invalid", 401, "channel"),
        ("future_iat", "token_invalid", 401, "clock"),
        ("other_form", "token_invalid", 401, "nps"),
    ],
)
async def test_token_failures(
    api: Api, province: dict[str, str], case: str, code: str, status: int, fragment: str
) -> None:
    portal = await portal_key(api)
    now = dt.datetime.now(dt.UTC)
    tokens = {
        "bad_signature": lambda: portal.token(secret="x" * 43),
        "alg_none": lambda: _b64({"alg": "none", "typ": "JWT", "kid": portal.key_id}) + "."
        + _b64(portal.claims()) + ".",
        "alg_hs512": lambda: jwt.encode(portal.claims(), portal.secret, algorithm="HS512",
                                        headers={"kid": portal.key_id}),
        "not_a_jwt": lambda: "hello.world",
        "expired": lambda: portal.token(iat=int((now - dt.timedelta(hours=3)).timestamp()),
                                        exp=int((now - dt.timedelta(hours=2)).timestamp())),
        "too_long": lambda: portal.token(exp=int((now + dt.timedelta(days=8)).timestamp())),
        "no_jti": lambda: portal.token(jti=None),
        "no_kid": lambda: portal.token(headers={"kid": None}),
        "unknown_kid": lambda: portal.token(headers={"kid": "abcdef123456"}),
        "no_dossier": lambda: portal.token(dossier=None),
        "bad_channel": lambda: portal.token(channel="fax"),
        "future_iat": lambda: portal.token(iat=int((now + dt.timedelta(hours=1)).timestamp())),
        "other_form": lambda: portal.token(form="nps"),
    }
    token = tokens[case]()
    got_status, html, got_code = await _page(api, token)
    assert (got_status, got_code) == (status, code), html
    assert portal.secret not in html
    json_status, body = await _json(api, token)
    assert json_status == status and body["error"] == code
    assert fragment in body["message"] or fragment in str(body), body
    assert portal.secret not in json.dumps(body)


async def test_exp_more_than_seven_days_after_iat_is_refused(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    token = portal.token(iat=int(past.timestamp()),
                         exp=int((past + dt.timedelta(days=7, hours=1)).timestamp()))
    status, body = await _json(api, token)
    assert status == 401 and body["error"] == "token_invalid" and "7" in body["message"]
    ok = portal.token(iat=int(past.timestamp()),
                      exp=int((past + dt.timedelta(days=7)).timestamp()))
    assert (await _page(api, ok))[0] == 200


async def test_revoked_key_revokes_its_tokens(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    token = portal.token()
    assert (await _page(api, token))[0] == 200
    r = await api.call("DELETE", f"/api/v1/api-keys/{portal.key_id}", province["designer"])
    assert r.status_code == 200
    status, html, code = await _page(api, token)
    assert (status, code) == (403, "token_revoked")
    assert "không còn hiệu lực" in html  # Vietnamese by default
    assert (await _json(api, token))[1]["error"] == "token_revoked"


async def test_non_portal_key_cannot_sign(api: Api, province: dict[str, str]) -> None:
    designer_id = province["designer"].split("_")[1]
    portal = Portal(key="", key_id=designer_id, secret="irrelevant" * 5)
    status, _, code = await _page(api, portal.token())
    assert (status, code) == (401, "token_signature_invalid")


async def _other_agency(api: Api) -> dict[str, str]:
    await api.agency("G14", "Bộ Tư pháp", "ministry")
    designer = await api.make_key("designer", "G14")
    await api.service(designer, "2.000815")
    await api.published_form(designer, "bo-tu-phap")
    return {"designer": designer}


async def test_other_agencys_key_form_and_service(api: Api, province: dict[str, str]) -> None:
    await _other_agency(api)
    mine = await portal_key(api)
    theirs = await portal_key(api, "G14")
    # the key of G14 signs a token naming H29: not its agency
    status, body = await _json(api, theirs.token(agency=H29))
    assert (status, body["error"]) == (403, "token_forbidden")
    assert "H29" in body["message"]
    # a G14 token (consistent in itself) for an H29 form
    status, body = await _json(api, theirs.token(agency="G14", svc="2.000815"))
    assert (status, body["error"]) == (403, "token_forbidden")
    assert "hai-long" in body["message"]
    # an H29 token for the G14 form
    status, body = await _json(api, mine.token(form="bo-tu-phap"), slug="bo-tu-phap")
    assert (status, body["error"]) == (403, "token_forbidden")
    # a service of G14 named by an H29 token
    status, body = await _json(api, mine.token(svc="2.000815"))
    assert (status, body["error"]) == (403, "token_forbidden")
    assert "2.000815" in body["message"]
    status, _, code = await _page(api, mine.token(svc="9.999999"))
    assert (status, code) == (403, "token_forbidden")


async def test_draft_and_archived_forms_are_closed(api: Api, province: dict[str, str]) -> None:
    portal = await portal_key(api)
    r = await api.call("POST", "/api/v1/forms", province["designer"],
                       json={"slug": "nhap", "template": "quick-rating"})
    assert r.status_code == 201
    status, html, code = await _page(api, portal.token(form="nhap"), slug="nhap")
    assert (status, code) == (409, "form_closed") and "Phiếu khảo sát đã đóng" in html
    r = await api.call("POST", "/api/v1/forms/hai-long/archive", province["designer"])
    assert r.status_code == 200
    status, _, code = await _page(api, portal.token())
    assert (status, code) == (409, "form_closed")
    assert (await _json(api, portal.token()))[1]["error"] == "form_closed"


async def test_missing_token_and_unknown_form(api: Api, province: dict[str, str]) -> None:
    r = await api.client.get("/f/hai-long")
    assert r.status_code == 401 and error_code(r.text) == "token_required"
    r = await api.client.get("/f/khong-co")
    assert r.status_code == 404 and error_code(r.text) == "not_found"
    r = await api.client.get("/f/khong-co", headers=JSON)
    assert r.status_code == 404 and r.json()["error"] == "not_found"


async def test_duplicate_dossier_shows_already_answered_and_changes_nothing(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    token = portal.token()
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "3"})
    assert r.status_code == 303
    before = await Response.select(Response.id, Response.answers).run()
    # a second token for the same dossier, other answers
    again = portal.token()
    r = await api.client.get("/f/hai-long", params={"t": again})
    assert r.status_code == 409 and error_code(r.text) == "already_answered"
    r = await api.client.post("/f/hai-long", data={"_t": again, "overall": "1", "reason": "x"})
    assert r.status_code == 409 and error_code(r.text) == "already_answered"
    assert "đã trả lời" in r.text
    r = await api.client.post("/f/hai-long", data={"_t": again, "overall": "1"}, headers=JSON)
    assert r.status_code == 409 and r.json()["error"] == "already_answered"
    assert await Response.select(Response.id, Response.answers).run() == before
    # the JSON API sees the same dossier as answered
    r = await api.call("POST", "/api/v1/responses", province["portal"], json={
        "form": "hai-long", "service": SERVICE, "dossier": "HS-0001", "answers": {"overall": 2}})
    assert r.status_code == 409


async def test_minting_endpoint(api: Api, province: dict[str, str]) -> None:
    body = {"form": "hai-long", "service": SERVICE, "dossier": "HS-7", "channel": "kiosk",
            "locale": "en", "ttl_seconds": 3600}
    r = await api.call("POST", "/api/v1/embed-tokens", province["portal"], json=body)
    assert r.status_code == 201, r.text
    minted = r.json()
    assert minted["url"].endswith("/f/hai-long?t=" + minted["token"])
    header = jwt.get_unverified_header(minted["token"])
    assert header["alg"] == "HS256" and header["kid"] == province["portal"].split("_")[1]
    claims = jwt.decode(minted["token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 3600 and claims["jti"]
    assert (claims["svc"], claims["agency"], claims["channel"]) == (SERVICE, H29, "kiosk")
    r = await api.client.get("/f/hai-long", params={"t": minted["token"]})
    assert r.status_code == 200 and '<html lang="en"' in r.text
    for change, status in ((("form", "khong-co"), 404), (("service", "9.9"), 404),
                           (("ttl_seconds", 8 * 86400), 400), (("channel", "fax"), 400)):
        r = await api.call("POST", "/api/v1/embed-tokens", province["portal"],
                           json=body | dict([change]))
        assert r.status_code == status, (change, r.text)
    r = await api.call("POST", "/api/v1/embed-tokens", province["designer"], json=body)
    assert r.status_code == 403
    r = await api.call("POST", "/api/v1/embed-tokens", api.admin, json=body)
    assert r.status_code == 403


async def test_only_signing_keys_get_a_signing_secret(api: Api, province: dict[str, str]) -> None:
    r = await api.call("POST", "/api/v1/api-keys", api.admin,
                       json={"role": "analyst", "agency": H29})
    assert r.status_code == 201 and r.json()["signing_secret"] is None
    r = await api.call("GET", "/api/v1/api-keys", api.admin)
    assert "signing_secret" not in r.text


README = Path(__file__).parents[3] / "README.md"


async def test_readme_python_example_signs_an_accepted_token(
    api: Api, province: dict[str, str]
) -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Embedding", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    await api.published_form(province["designer"], "hai-long-dvc")
    portal = await portal_key(api)
    source = re.sub(r'^KEY_ID = ".*"', f'KEY_ID = "{portal.key_id}"', code.group(1), flags=re.M)
    source = re.sub(r'^SIGNING_SECRET = ".*"', f'SIGNING_SECRET = "{portal.secret}"', source,
                    flags=re.M)
    namespace: dict[str, object] = {}
    exec(compile(source, "README.md", "exec"), namespace)  # the documented example, as is
    token = namespace["context_token"]("000.00.00.H29-240115-0001")  # type: ignore[operator]
    r = await api.client.get("/f/hai-long-dvc", params={"t": token})
    assert r.status_code == 200, r.text
    r = await api.client.post("/f/hai-long-dvc", data={"_t": token, "overall": "2"})
    assert r.status_code == 303


async def test_each_hostile_token_has_its_own_error(api: Api, province: dict[str, str]) -> None:
    """Forged, unsigned, expired, another agency's key, replayed: five distinct codes."""
    await _other_agency(api)
    mine = await portal_key(api)
    theirs = await portal_key(api, "G14")
    now = dt.datetime.now(dt.UTC)
    used = mine.token(dossier="HS-REPLAY")
    r = await api.client.post("/f/hai-long", data={"_t": used, "overall": "3"})
    assert r.status_code == 303, r.text
    before = await Response.count().run()
    cases = {
        "forged": mine.token(secret="forged-" * 6),
        "alg_none": _b64({"alg": "none", "typ": "JWT", "kid": mine.key_id}) + "."
        + _b64(mine.claims()) + ".",
        "expired": mine.token(iat=int((now - dt.timedelta(hours=3)).timestamp()),
                              exp=int((now - dt.timedelta(hours=2)).timestamp())),
        "other_agency_key": theirs.token(agency=H29),
    }
    codes: dict[str, tuple[int, str]] = {}
    for case, token in cases.items():
        status, body = await _json(api, token)
        codes[case] = (status, body["error"])
    # the very post that succeeded, sent again
    r = await api.client.post("/f/hai-long", data={"_t": used, "overall": "3"},
                              headers=JSON)
    codes["replayed"] = (r.status_code, r.json()["error"])
    r = await api.client.post("/f/hai-long", data={"_t": used, "overall": "3"})
    assert (r.status_code, error_code(r.text)) == (409, "already_answered")
    assert codes == {
        "forged": (401, "token_signature_invalid"),
        "alg_none": (401, "token_algorithm_invalid"),
        "expired": (401, "token_expired"),
        "other_agency_key": (403, "token_forbidden"),
        "replayed": (409, "already_answered"),
    }
    assert len({code for _, code in codes.values()}) == len(codes)
    assert await Response.count().run() == before  # nothing stored by any of them
