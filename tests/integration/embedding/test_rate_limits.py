"""Rate limits: per context token (jti), per open-form nonce, per client address.

The nonce and address limits and the 200 citizens of a one-stop centre are in
test_embed_open; here the token limit, the messages, and the sliding window.
"""

from __future__ import annotations

import pytest

from forms_service.embedding.ratelimit import RateLimiter
from forms_service.responses.tables import Response
from tests.integration.conftest import Api
from tests.integration.embed_setup import error_code, portal_key


async def test_posts_per_token_are_limited_with_retry_after(
    api: Api, province: dict[str, str]
) -> None:
    portal = await portal_key(api)
    token = portal.token(dossier="HS-RATE")
    limit = api.ctx.settings.rate_limit_form_per_minute
    statuses = []
    for _ in range(limit):
        r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "2"})
        statuses.append(r.status_code)
    assert statuses == [303] + [409] * (limit - 1)
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "2"})
    assert r.status_code == 429 and error_code(r.text) == "too_many_requests"
    wait = int(r.headers["retry-after"])
    assert 1 <= wait <= 60
    assert f"{wait} giây" in r.text  # the page says how long, in Vietnamese by default
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "2", "_lang": "en"},
                              headers={"Accept": "application/json"})
    assert r.status_code == 429 and r.json()["error"] == "too_many_requests"
    assert r.json()["message"] == (
        f"Too many requests; wait {r.headers['retry-after']} seconds and try again.")
    # the limit is the token's: another citizen's token from the same address goes through
    r = await api.client.post("/f/hai-long", data={"_t": portal.token(dossier="HS-OTHER"),
                                                   "overall": "3"})
    assert r.status_code == 303
    assert await Response.count().run() == 2


async def test_a_token_limited_on_one_form_page_is_limited_for_every_post(
    api: Api, province: dict[str, str]
) -> None:
    """Failed posts count too: a token cannot be used to hammer the answer checks."""
    portal = await portal_key(api)
    token = portal.token(dossier="HS-BAD")
    limit = api.ctx.settings.rate_limit_form_per_minute
    for _ in range(limit):
        r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "9"})
        assert r.status_code == 422
    r = await api.client.post("/f/hai-long", data={"_t": token, "overall": "2"})
    assert r.status_code == 429
    assert await Response.count().run() == 0


def test_sliding_window_counts_the_overlap_of_the_previous_minute() -> None:
    now = [1000 * 60.0]  # the start of a window
    limiter = RateLimiter(window=60.0, clock=lambda: now[0])
    assert all(limiter.hit("k", 4) is None for _ in range(4))
    wait = limiter.hit("k", 4)
    assert wait == 60  # this window is full: wait for it to end
    now[0] += 60 + 15  # a quarter into the next window: 3 of the 4 still weigh
    assert limiter.hit("k", 4) is None  # 4 × 0.75 + 0 = 3 → one more fits
    wait = limiter.hit("k", 4)  # 3 + 1 = 4 → full again until a quarter more has slid
    assert wait == 15
    now[0] += 15
    assert limiter.hit("k", 4) is None
    assert limiter.hit("other", 4) is None  # keys are independent


@pytest.mark.parametrize("limit", [1, 10])
def test_retry_after_is_never_zero_and_never_past_the_window(limit: int) -> None:
    now = [0.0]
    limiter = RateLimiter(window=60.0, clock=lambda: now[0])
    for step in range(600):
        now[0] = step * 0.7
        wait = limiter.hit("k", limit)
        if wait is not None:
            assert 1 <= wait <= 60
