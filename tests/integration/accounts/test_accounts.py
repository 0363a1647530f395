"""Sign-in for people: passwords, one-time links, sessions, CSRF, languages.

Everything goes through HTTP on the real app and database.  The clients use
an https:// base URL: the session cookie is ``Secure`` and a cookie jar
(like a browser) does not send it over plain http.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from litestar import Litestar

from forms_service.accounts import sessions
from forms_service.accounts.service import create_person
from forms_service.accounts.tables import Person, PersonSession, SignInFailure, SignInLink
from forms_service.agencies.service import create_agency
from forms_service.context import Context

AGENCY = "000.00.00.H29"
PASSWORD = "mật-khẩu-đủ-dài-2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
async def browser(client: httpx.AsyncClient, app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An anonymous client that keeps cookies, like a browser on https."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
        yield c


@pytest.fixture
async def person(ctx: Context, client: httpx.AsyncClient) -> dict[str, Any]:
    await create_agency(ctx, None, code=AGENCY, name="UBND tỉnh Hải Dương", kind="province")
    return await create_person(ctx, email="Chi.Nguyen@HaiDuong.gov.vn", name="Nguyễn Thị Chi",
                               role="analyst", agency_code=AGENCY, password=PASSWORD)


async def form_token(c: httpx.AsyncClient, path: str = "/sign-in") -> str:
    r = await c.get(path)
    assert r.status_code == 200, r.text
    found = CSRF.search(r.text)
    assert found, r.text
    return found.group(1)


async def post_sign_in(c: httpx.AsyncClient, email: str, password: str, *,
                       next_path: str | None = None) -> httpx.Response:
    data = {"csrf_token": await form_token(c), "email": email, "password": password,
            "action": "password"}
    if next_path is not None:
        data["next"] = next_path
    return await c.post("/sign-in", data=data)


async def session_count(person_id: int | None = None) -> int:
    query = PersonSession.count()
    if person_id is not None:
        query = query.where(PersonSession.person == person_id)
    return int(await query.run())


def set_cookie_headers(r: httpx.Response, name: str) -> list[str]:
    return [v for v in r.headers.get_list("set-cookie") if v.startswith(name + "=")]


# -- password sign-in -------------------------------------------------------------------

async def test_password_sign_in_sets_a_secure_session_and_goes_to_next(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await post_sign_in(browser, "  chi.nguyen@haiduong.GOV.vn ", PASSWORD,
                           next_path="/account?tab=1")
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/account?tab=1"
    [cookie] = set_cookie_headers(r, "phieu_session")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "secure", "path", "samesite"} <= attributes
    assert "samesite=lax" in cookie.lower() and "path=/" in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    rows = await PersonSession.select().run()
    assert len(rows) == 1
    # only the digest is stored
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(rows)

    r = await browser.get("/account")
    assert r.status_code == 200
    assert "Nguyễn Thị Chi" in r.text and "chi.nguyen@haiduong.gov.vn" in r.text
    assert "UBND tỉnh Hải Dương" in r.text and "Người phân tích" in r.text


async def test_sign_in_without_next_goes_to_the_dashboard(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await post_sign_in(browser, person["email"], PASSWORD)
    assert r.status_code == 303
    assert r.headers["location"] == "/dashboard"
    # signed in already: the sign-in page sends the person on
    r = await browser.get("/sign-in?next=/account")
    assert r.status_code == 303 and r.headers["location"] == "/account"


@pytest.mark.parametrize("unsafe", [
    "//evil.example/phish", "https://evil.example/", "/\\evil.example", "javascript:alert(1)",
    "evil.example", "/account\r\nSet-Cookie: x=1", "",
])
async def test_next_only_follows_paths_on_this_site(
    browser: httpx.AsyncClient, person: dict[str, Any], unsafe: str,
) -> None:
    r = await post_sign_in(browser, person["email"], PASSWORD, next_path=unsafe)
    assert r.status_code == 303
    assert r.headers["location"] == "/dashboard"


async def test_wrong_password_and_unknown_address_get_the_same_answer(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    wrong = await post_sign_in(browser, person["email"], "not the password")
    unknown = await post_sign_in(browser, "nobody@haiduong.gov.vn", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    message = "Địa chỉ e-mail hoặc mật khẩu không đúng."
    assert message in wrong.text and message in unknown.text
    assert not set_cookie_headers(wrong, "phieu_session")
    assert await session_count() == 0
    # the address typed stays in the form, escaped
    assert 'value="nobody@haiduong.gov.vn"' in unknown.text


async def test_empty_fields_are_refused_with_a_message(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await post_sign_in(browser, person["email"], "")
    assert r.status_code == 400
    assert "Hãy nhập địa chỉ e-mail và mật khẩu." in r.text


async def test_failed_sign_ins_are_throttled_per_address(
    browser: httpx.AsyncClient, person: dict[str, Any], ctx: Context,
) -> None:
    for _ in range(sessions.THROTTLE_LIMIT):
        r = await post_sign_in(browser, person["email"], "wrong password")
        assert r.status_code == 401
    # now even the right password waits
    r = await post_sign_in(browser, person["email"], PASSWORD)
    assert r.status_code == 429
    assert 0 < int(r.headers["retry-after"]) <= 15 * 60
    assert "đăng nhập sai quá nhiều lần" in r.text
    assert await session_count() == 0
    # another address is not affected
    await create_person(ctx, email="other@haiduong.gov.vn", name="Người khác", role="designer",
                        agency_code=AGENCY, password=PASSWORD)
    other = await post_sign_in(browser, "other@haiduong.gov.vn", PASSWORD)
    assert other.status_code == 303
    browser.cookies.delete("phieu_session")
    # once the failures are older than the window, the person can sign in
    old = dt.datetime.now(dt.UTC) - sessions.THROTTLE_WINDOW - dt.timedelta(seconds=1)
    await SignInFailure.update({SignInFailure.at: old}, force=True).run()
    r = await post_sign_in(browser, person["email"], PASSWORD)
    assert r.status_code == 303
    assert await SignInFailure.count().run() == 0


async def test_a_deactivated_person_cannot_sign_in_and_loses_their_sessions(
    browser: httpx.AsyncClient, person: dict[str, Any], ctx: Context,
) -> None:
    from forms_service.accounts.service import set_active

    assert (await post_sign_in(browser, person["email"], PASSWORD)).status_code == 303
    await set_active(ctx, person["email"], False)
    assert await session_count() == 0
    r = await browser.get("/account")
    assert r.status_code == 303
    r = await post_sign_in(browser, person["email"], PASSWORD)
    assert r.status_code == 403
    assert "Tài khoản này đã bị khóa" in r.text


async def test_signing_in_again_replaces_the_old_session(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    data = {"csrf_token": await form_token(browser), "email": person["email"],
            "password": PASSWORD}
    first = await browser.post("/sign-in", data=data)
    old = first.cookies["phieu_session"]
    # the same browser signs in again (say, from a second tab's form)
    second = await browser.post("/sign-in", data=data)
    assert second.cookies["phieu_session"] != old
    assert await session_count() == 1
    stale = {"phieu_session": old}
    transport = browser._transport
    async with httpx.AsyncClient(transport=transport, base_url="https://testserver",
                                 cookies=stale) as other:
        assert (await other.get("/account")).status_code == 303


# -- the sign-in form's own CSRF token -----------------------------------------------------

async def test_the_sign_in_form_needs_its_token(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    data = {"email": person["email"], "password": PASSWORD}
    r = await browser.post("/sign-in", data=data)
    assert r.status_code == 403
    await form_token(browser)  # the cookie is set, but the field is still missing
    r = await browser.post("/sign-in", data=data | {"csrf_token": "forged"})
    assert r.status_code == 403
    assert "mã bảo mật" in r.text
    assert await session_count() == 0


# -- one-time links -------------------------------------------------------------------------

async def ask_link(c: httpx.AsyncClient, email: str,
                   caplog: pytest.LogCaptureFixture) -> tuple[httpx.Response, str | None]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="phieu"):
        r = await c.post("/sign-in", data={"csrf_token": await form_token(c), "email": email,
                                           "action": "link"})
    found = re.search(r"/sign-in/link/([A-Za-z0-9_-]+)", caplog.text)
    return r, found.group(1) if found else None


async def test_a_one_time_link_signs_in_once(
    browser: httpx.AsyncClient, person: dict[str, Any], caplog: pytest.LogCaptureFixture,
) -> None:
    r, token = await ask_link(browser, "CHI.NGUYEN@haiduong.gov.vn", caplog)
    assert r.status_code == 200 and token
    assert "liên kết đăng nhập dùng một lần" in r.text
    # only the digest is stored
    [row] = await SignInLink.select().run()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()

    # opening the link does not use it (mail scanners open links too)
    page = await browser.get(f"/sign-in/link/{token}")
    assert page.status_code == 200
    assert f'action="/sign-in/link/{token}"' in page.text
    csrf = CSRF.search(page.text)
    assert csrf
    r = await browser.post(f"/sign-in/link/{token}", data={"csrf_token": csrf.group(1)})
    assert r.status_code == 303 and r.headers["location"] == "/dashboard"
    assert set_cookie_headers(r, "phieu_session")
    assert (await browser.get("/account")).status_code == 200

    # a second use fails, and creates no session
    again = await browser.post(f"/sign-in/link/{token}", data={"csrf_token": csrf.group(1)})
    assert again.status_code == 400
    assert "Liên kết đăng nhập này không còn hiệu lực" in again.text
    assert (await browser.get(f"/sign-in/link/{token}")).status_code == 400
    assert await session_count() == 1


async def test_an_expired_link_does_not_sign_in(
    browser: httpx.AsyncClient, person: dict[str, Any], caplog: pytest.LogCaptureFixture,
) -> None:
    _, token = await ask_link(browser, person["email"], caplog)
    assert token
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await SignInLink.update({SignInLink.expires_at: past}, force=True).run()
    assert (await browser.get(f"/sign-in/link/{token}")).status_code == 400
    csrf = await form_token(browser)
    r = await browser.post(f"/sign-in/link/{token}", data={"csrf_token": csrf})
    assert r.status_code == 400
    assert await session_count() == 0


async def test_a_link_for_an_unknown_address_looks_the_same(
    browser: httpx.AsyncClient, person: dict[str, Any], caplog: pytest.LogCaptureFixture,
) -> None:
    known, token = await ask_link(browser, person["email"], caplog)
    unknown, nothing = await ask_link(browser, "ghost@haiduong.gov.vn", caplog)
    assert token and nothing is None
    assert known.status_code == unknown.status_code == 200
    strip = re.compile(r'value="[^"]*"|[\w.]+@[\w.]+')
    assert strip.sub("", known.text) == strip.sub("", unknown.text)
    assert await SignInLink.count().run() == 1


async def test_a_made_up_link_is_refused(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await browser.get("/sign-in/link/" + "x" * 43)
    assert r.status_code == 400
    assert "không còn hiệu lực" in r.text


# -- sessions -------------------------------------------------------------------------------

async def test_an_anonymous_get_is_sent_to_sign_in_and_other_methods_get_401(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await browser.get("/account?tab=password&x=1")
    assert r.status_code == 303
    location = urlsplit(r.headers["location"])
    assert location.path == "/sign-in"
    assert parse_qs(location.query) == {"next": ["/account?tab=password&x=1"]}
    # the sign-in page keeps next in its form
    page = await browser.get(r.headers["location"])
    assert 'name="next" value="/account?tab=password&amp;x=1"' in page.text
    r = await browser.post("/account/language", data={"locale": "en"})
    assert r.status_code == 401


async def test_an_idle_session_ends(sign_in: Any) -> None:
    c = await sign_in("analyst", AGENCY)
    assert (await c.get("/account")).status_code == 200
    idle = dt.datetime.now(dt.UTC) - sessions.SESSION_IDLE - dt.timedelta(minutes=1)
    await PersonSession.update({PersonSession.last_seen_at: idle}, force=True).run()
    r = await c.get("/account")
    assert r.status_code == 303 and r.headers["location"].startswith("/sign-in?next=")
    assert await session_count() == 0


async def test_a_session_ends_after_its_maximum_life_even_when_used(sign_in: Any) -> None:
    c = await sign_in("designer", AGENCY)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await PersonSession.update({PersonSession.expires_at: past}, force=True).run()
    assert (await c.get("/account")).status_code == 303
    assert await session_count() == 0


async def test_recent_use_keeps_a_session_alive(sign_in: Any) -> None:
    c = await sign_in("analyst", None)
    # seen 11 hours ago: still alive, and the visit moves last_seen_at forward
    recent = dt.datetime.now(dt.UTC) - dt.timedelta(hours=11)
    await PersonSession.update({PersonSession.last_seen_at: recent}, force=True).run()
    assert (await c.get("/account")).status_code == 200
    [row] = await PersonSession.select(PersonSession.last_seen_at).run()
    seen = row["last_seen_at"]
    seen = seen if isinstance(seen, dt.datetime) else dt.datetime.fromisoformat(seen)
    assert dt.datetime.now(dt.UTC) - seen.replace(tzinfo=seen.tzinfo or dt.UTC) \
        < dt.timedelta(minutes=1)


async def test_sign_out_ends_the_session_on_the_server(sign_in: Any) -> None:
    c = await sign_in("designer", AGENCY)
    token = c.cookies["phieu_session"]
    r = await c.post("/sign-out", data={"csrf_token": c.csrf_token})
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"
    [cleared] = set_cookie_headers(r, "phieu_session")
    assert "max-age=0" in cleared.lower()
    assert await session_count() == 0
    # the old cookie, replayed, opens nothing
    c.cookies.set("phieu_session", token, path="/")
    assert (await c.get("/account")).status_code == 303


async def test_sign_out_needs_the_csrf_token(sign_in: Any) -> None:
    c = await sign_in("designer", AGENCY)
    r = await c.post("/sign-out")
    assert r.status_code == 403
    r = await c.post("/sign-out", data={"csrf_token": "x" + c.csrf_token})
    assert r.status_code == 403
    assert await session_count() == 1
    assert (await c.get("/account")).status_code == 200


# -- CSRF on the signed-in forms ---------------------------------------------------------------

async def test_a_form_without_the_csrf_token_changes_nothing(sign_in: Any) -> None:
    c = await sign_in("analyst", AGENCY, password=PASSWORD)
    person_id = c.person["id"]
    before = await Person.select(Person.password_hash, Person.locale).where(
        Person.id == person_id).first().run()
    for extra in ({}, {"csrf_token": "forged"}):
        r = await c.post("/account/language", data={"locale": "en"} | extra)
        assert r.status_code == 403
        assert "Biểu mẫu đã hết hạn" in r.text
        r = await c.post("/account/password", data={
            "current_password": PASSWORD, "new_password": "một mật khẩu mới",
            "confirm_password": "một mật khẩu mới"} | extra)
        assert r.status_code == 403
    # a JSON body carries no form field: the header is the only way
    r = await c.post("/account/language", json={"locale": "en", "csrf_token": c.csrf_token})
    assert r.status_code == 403
    after = await Person.select(Person.password_hash, Person.locale).where(
        Person.id == person_id).first().run()
    assert after == before
    # the token of another session is no good either
    other = await sign_in("analyst", AGENCY)
    r = await c.post("/account/language", data={"locale": "en", "csrf_token": other.csrf_token})
    assert r.status_code == 403


async def test_the_csrf_token_works_as_field_or_header(sign_in: Any) -> None:
    c = await sign_in("analyst", AGENCY)
    r = await c.post("/account/language", data={"locale": "en", "csrf_token": c.csrf_token})
    assert r.status_code == 303
    r = await c.post("/account/language", data={"locale": "vi"},
                     headers={"X-CSRF-Token": c.csrf_token})
    assert r.status_code == 303
    # a multipart form (as a file upload sends) carries it as a field too
    r = await c.post("/account/language", data={"locale": "en", "csrf_token": c.csrf_token},
                     files={"unused": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 303
    row = await Person.select(Person.locale).where(Person.id == c.person["id"]).first().run()
    assert row["locale"] == "en"
    r = await c.post("/account/language", data={"locale": "vi"},
                     files={"unused": ("a.txt", b"x", "text/plain")})
    assert r.status_code == 403
    row = await Person.select(Person.locale).where(Person.id == c.person["id"]).first().run()
    assert row["locale"] == "en"


# -- account page ------------------------------------------------------------------------------

async def test_change_password(sign_in: Any, browser: httpx.AsyncClient) -> None:
    c = await sign_in("designer", AGENCY, email="doi.mat.khau@haiduong.gov.vn",
                      password=PASSWORD)
    other = await sign_in("designer", AGENCY)  # someone else's session stays
    elsewhere = await post_sign_in(browser, "doi.mat.khau@haiduong.gov.vn", PASSWORD)
    assert elsewhere.status_code == 303
    new = "một mật khẩu mới rất dài"

    def form(current: str, new_password: str, confirm: str) -> dict[str, str]:
        return {"csrf_token": c.csrf_token, "current_password": current,
                "new_password": new_password, "confirm_password": confirm}

    r = await c.post("/account/password", data=form("sai", new, new))
    assert r.status_code == 400 and "Mật khẩu hiện tại không đúng." in r.text
    r = await c.post("/account/password", data=form(PASSWORD, new, new + "x"))
    assert r.status_code == 400 and "không khớp" in r.text
    r = await c.post("/account/password", data=form(PASSWORD, "ngắn", "ngắn"))
    assert r.status_code == 400 and "ít nhất 10 ký tự" in r.text
    r = await c.post("/account/password", data=form(PASSWORD, new, new))
    assert r.status_code == 303 and r.headers["location"] == "/account?saved=password"
    page = await c.get(r.headers["location"])
    assert "Đã đổi mật khẩu" in page.text
    # the browser elsewhere is signed out; this one and other people are not
    assert (await browser.get("/account")).status_code == 303
    assert (await other.get("/account")).status_code == 200
    assert (await post_sign_in(browser, c.person["email"], PASSWORD)).status_code == 401
    assert (await post_sign_in(browser, c.person["email"], new)).status_code == 303


async def test_account_page_escapes_what_people_type(sign_in: Any) -> None:
    c = await sign_in("analyst", None, name="<script>alert(1)</script> Bình")
    r = await c.get("/account")
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bình" in r.text
    assert "Cơ quan trung ương" in r.text  # a national analyst


async def test_security_headers_on_pages(sign_in: Any) -> None:
    c = await sign_in("admin", None)
    r = await c.get("/account")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["content-type"].startswith("text/html")


# -- languages --------------------------------------------------------------------------------

async def test_pages_are_vietnamese_by_default_and_english_on_request(
    browser: httpx.AsyncClient, person: dict[str, Any],
) -> None:
    r = await browser.get("/sign-in", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="vi">' in r.text and "Đăng nhập" in r.text
    r = await browser.get("/sign-in?lang=en")
    assert '<html lang="en">' in r.text and ">Sign in</h1>" in r.text
    assert any("phieu_lang=en" in v for v in r.headers.get_list("set-cookie"))
    # remembered: the next page stays English, errors too
    r = await post_sign_in(browser, person["email"], "wrong password")
    assert r.status_code == 401
    assert "The e-mail address or the password is wrong." in r.text
    assert '<html lang="en">' in r.text
    r = await browser.get("/sign-in?lang=vi")
    assert '<html lang="vi">' in r.text


async def test_the_persons_language_preference(sign_in: Any) -> None:
    c = await sign_in("analyst", AGENCY, locale="en")
    r = await c.get("/account")
    assert '<html lang="en">' in r.text and "Your account" in r.text
    assert '<a href="/dashboard">Dashboard</a>' in r.text
    r = await c.post("/account/language", data={"locale": "vi", "csrf_token": c.csrf_token})
    assert r.status_code == 303
    r = await c.get("/account?saved=language")
    assert '<html lang="vi">' in r.text and "Tài khoản của tôi" in r.text
    assert "Đã lưu ngôn ngữ ưa dùng." in r.text
    assert '<a href="/dashboard">Bảng điều khiển</a>' in r.text
    r = await c.post("/account/language", data={"locale": "fr", "csrf_token": c.csrf_token})
    assert r.status_code == 400
    assert "locale phải là vi hoặc en." in r.text


async def test_account_errors_speak_the_persons_language(sign_in: Any) -> None:
    c = await sign_in("analyst", AGENCY, locale="en", password=PASSWORD)
    r = await c.post("/account/password", data={
        "csrf_token": c.csrf_token, "current_password": "wrong",
        "new_password": "a new long password", "confirm_password": "a new long password"})
    assert r.status_code == 400
    assert "The current password is wrong." in r.text
    assert 'aria-invalid="true"' in r.text


# -- the shell --------------------------------------------------------------------------------

async def test_the_shell_has_what_every_page_needs(sign_in: Any) -> None:
    c = await sign_in("designer", AGENCY, name="Trần Văn Thiết Kế")
    text = (await c.get("/account")).text
    assert '<meta name="viewport"' in text
    assert f'<meta name="csrf-token" content="{c.csrf_token}">' in text
    assert 'href="#main"' in text and '<main id="main"' in text
    for href in ("/dashboard", "/designer", "/public"):
        assert f'href="{href}"' in text
    assert "Trần Văn Thiết Kế" in text
    assert 'action="/sign-out"' in text and f'value="{c.csrf_token}"' in text
    assert 'href="/account?lang=en"' in text
    css = re.search(r'href="(/workspace/static/workspace\.css\?v=[0-9a-f]+)"', text)
    assert css
    r = await c.get(css.group(1))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")
    assert "immutable" in r.headers["cache-control"]
    assert (await c.get("/workspace/static/nothing.css")).status_code == 404
    assert (await c.get("/workspace/static/..%2Fstatic%2Fworkspace.css")).status_code == 404


async def test_errors_are_pages_for_browsers_and_json_for_programs(sign_in: Any) -> None:
    c = await sign_in("designer", AGENCY)
    page = await c.get("/account/nothing-here", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Không tìm thấy trang" in page.text
    api = await c.get("/account/nothing-here", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json()["error"] == "not_found"
    # the API is not session-authenticated: a session cookie is no key
    r = await c.get("/api/v1/forms", headers={"Accept": "text/html"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


# -- people ----------------------------------------------------------------------------------

async def test_people_rules(ctx: Context, client: httpx.AsyncClient) -> None:
    from forms_service.errors import Conflict, InvalidInput, NotFound

    await create_agency(ctx, None, code=AGENCY, name="UBND tỉnh Hải Dương", kind="province")
    made = await create_person(ctx, email="A@B.vn", name=" An  ", role="designer",
                               agency_code=AGENCY, password=None)
    assert made["email"] == "a@b.vn" and made["name"] == "An" and made["agency"] == AGENCY
    with pytest.raises(Conflict):
        await create_person(ctx, email="a@b.VN", name="An", role="analyst", agency_code=None,
                            password=None)
    with pytest.raises(InvalidInput):
        await create_person(ctx, email="không-phải-email", name="X", role="analyst",
                            agency_code=None, password=None)
    with pytest.raises(InvalidInput):
        await create_person(ctx, email="d@b.vn", name="X", role="designer", agency_code=None,
                            password=None)
    with pytest.raises(InvalidInput):
        await create_person(ctx, email="e@b.vn", name="X", role="admin", agency_code=AGENCY,
                            password=None)
    with pytest.raises(InvalidInput):
        await create_person(ctx, email="f@b.vn", name="X", role="portal", agency_code=AGENCY,
                            password=None)
    with pytest.raises(InvalidInput):
        await create_person(ctx, email="g@b.vn", name="X", role="analyst", agency_code=None,
                            password="short")
    with pytest.raises(NotFound):
        await create_person(ctx, email="h@b.vn", name="X", role="analyst",
                            agency_code="NO-SUCH", password=None)
    assert await Person.count().run() == 1
    # a person without a password cannot sign in with one
    with pytest.raises(Exception) as failed:
        await sessions.sign_in_with_password(ctx, "a@b.vn", "")
    assert getattr(failed.value, "code", "") == "wrong_credentials"


async def test_signed_in_principal_matches_the_person(sign_in: Any, app: Litestar) -> None:
    from forms_service.accounts.web import SESSION_COOKIE, current_signed_in

    c = await sign_in("designer", AGENCY)
    token = c.cookies[SESSION_COOKIE]
    from litestar import Request

    scope: Any = {"type": "http", "method": "GET", "path": "/account", "raw_path": b"/account",
                  "query_string": b"", "root_path": "", "app": app, "litestar_app": app,
                  "state": {},
                  "headers": [(b"cookie", f"{SESSION_COOKIE}={token}".encode())]}
    signed = await current_signed_in(Request(scope))
    assert signed is not None
    assert signed.principal.key_id == f"person:{c.person['id']}"
    assert signed.principal.role.value == "designer"
    assert signed.principal.agency_code == AGENCY
    assert signed.principal.agency_id == c.person["agency_id"]
    assert signed.csrf_token == c.csrf_token and signed.locale == "vi"


async def test_demo_people_sign_in_with_the_demo_password(
    ctx: Context, browser: httpx.AsyncClient,
) -> None:
    from forms_service.accounts.demo import DEMO_PASSWORD, seed_demo_people

    await create_agency(ctx, None, code=AGENCY, name="UBND tỉnh Hải Dương", kind="province")
    first = await seed_demo_people(ctx, AGENCY)
    again = await seed_demo_people(ctx, AGENCY)  # a second run adds nobody
    assert first == again and await Person.count().run() == 4
    roles = dict(first)
    assert roles == {"analyst@demo.phieu.vn": "analyst", "designer@demo.phieu.vn": "designer",
                     "admin@demo.phieu.vn": "admin", "office@demo.phieu.vn": "analyst"}
    rows = {r["email"]: r for r in await Person.select(
        Person.email, Person.agency.code.as_alias("agency")).run()}
    assert rows["designer@demo.phieu.vn"]["agency"] == AGENCY
    assert rows["admin@demo.phieu.vn"]["agency"] is None
    assert rows["office@demo.phieu.vn"]["agency"] is None
    r = await post_sign_in(browser, "designer@demo.phieu.vn", DEMO_PASSWORD)
    assert r.status_code == 303
