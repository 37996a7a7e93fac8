"""What the user is told about subscriptions: why a request cannot be subscribed, which of several
places is meant, the near spelling to confirm, and the subscription made (the core returns data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.present import i18n
from bot.present.describe import describe, place_label

if TYPE_CHECKING:
    from bot.questions.parse import Query


def problem_text(q: Query, problem: str) -> str:
    """``problem``: sub_unknown_place | sub_what, as ``Assistant.subscription_request`` names it."""
    return i18n.tr(q.lang, problem, name=q.unknown_place or "")


def which_place_text(q: Query, choices: list[Query]) -> str:
    places = i18n.tr(q.lang, "or").join(place_label(c.place, q.lang) for c in choices if c.place)
    return i18n.tr(q.lang, "sub_which", places=places)


def confirm_text(q: Query) -> str:
    return i18n.tr(q.lang, "sub_confirm", what=describe(q, with_period=False))


def subscribed_text(q: Query, sub: dict) -> str:
    key = "sub_again" if sub.get("existing") else "sub_done"
    return i18n.tr(q.lang, key, what=sub.get("label") or describe(q, with_period=False), id=sub["id"])


def subscribe_reply(q: Query, sub: dict | None, problem: str | None, choices: list[Query]) -> str:
    """The one reply to a /subscribe request, whichever way ``Assistant.subscribe`` went."""
    if problem:
        return problem_text(q, problem)
    if choices:
        return which_place_text(q, choices)
    if sub is None:
        return confirm_text(q)
    return subscribed_text(q, sub)
