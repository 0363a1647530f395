"""The states of a case and the actions between them."""

from __future__ import annotations

import datetime as dt

import pytest

from forms_service.cases.states import TransitionRefused, allowed_actions, move

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)


def test_the_whole_way_from_new_to_closed() -> None:
    state = "new"
    for action, expected in (("acknowledge", "acknowledged"), ("assign", "assigned"),
                             ("assign", "assigned"), ("respond", "responded")):
        state = move(state, action).to_state
        assert state == expected
    closing = move(state, "close", outcome="resolved")
    assert (closing.to_state, closing.outcome) == ("closed", "resolved")


@pytest.mark.parametrize(("state", "action"), [
    ("new", "assign"), ("new", "respond"), ("acknowledged", "respond"),
    ("responded", "acknowledge"), ("closed", "acknowledge"), ("assigned", "reopen"),
])
def test_actions_out_of_order_are_conflicts_naming_what_may_follow(state: str,
                                                                  action: str) -> None:
    with pytest.raises(TransitionRefused) as caught:
        move(state, action)
    assert caught.value.conflict
    assert caught.value.params["allowed"] == ", ".join(allowed_actions(state)) or "-"


def test_closing_needs_an_outcome_and_only_duplicates_close_early() -> None:
    with pytest.raises(TransitionRefused) as caught:
        move("responded", "close")
    assert not caught.value.conflict
    with pytest.raises(TransitionRefused) as caught:
        move("new", "close", outcome="resolved")
    assert caught.value.conflict
    assert move("new", "close", outcome="duplicate").to_state == "closed"
    with pytest.raises(TransitionRefused):
        move("new", "acknowledge", outcome="resolved")
    with pytest.raises(TransitionRefused):
        move("new", "escalate")


def test_reopen_within_the_window_returns_to_the_assignee() -> None:
    closed = NOW - dt.timedelta(days=29)
    assert move("closed", "reopen", closed_at=closed, now=NOW, assigned=True,
                reopen_days=30).to_state == "assigned"
    assert move("closed", "reopen", closed_at=closed, now=NOW,
                reopen_days=30).to_state == "acknowledged"
    with pytest.raises(TransitionRefused) as caught:
        move("closed", "reopen", closed_at=NOW - dt.timedelta(days=31), now=NOW,
             reopen_days=30)
    assert caught.value.conflict and caught.value.params == {"days": 30}


def test_allowed_actions() -> None:
    assert allowed_actions("new") == ("acknowledge", "close")
    assert allowed_actions("assigned") == ("assign", "respond", "close")
    assert allowed_actions("closed") == ("reopen",)
