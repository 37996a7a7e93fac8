"""The bot's keyboards: buttons under an answer (Show more, Timeline, Map, Subscribe), under an incident
card (Confirm, Correct, Discard), under a dated article (another date), and the correction reply field."""

from __future__ import annotations

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.present.answer import Answer
from bot.present.i18n import tr
from store.incident import IncidentLike


def answer_buttons(ans: Answer, ref: int) -> InlineKeyboardMarkup | None:
    """Buttons that act on this answer (``ref``: its kept query), whatever the chat asks next."""
    if ans.kind != "results":
        return None
    lang = ans.query.lang
    row = [
        InlineKeyboardButton(tr(lang, "btn.timeline"), callback_data=f"pic:timeline:{ref}"),
        InlineKeyboardButton(tr(lang, "btn.map"), callback_data=f"pic:map:{ref}"),
        InlineKeyboardButton(tr(lang, "btn.subscribe"), callback_data=f"sub:{ref}"),
    ]
    rows = [[InlineKeyboardButton(tr(lang, "btn.more"), callback_data=f"more:{ref}")]] if ans.has_more else []
    return InlineKeyboardMarkup([*rows, row])


def incident_buttons(inc: IncidentLike, lang: str = "en") -> InlineKeyboardMarkup:
    i = inc["id"]
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(tr(lang, "btn.confirm"), callback_data=f"ok:{i}"),
                InlineKeyboardButton(tr(lang, "btn.correct"), callback_data=f"fix:{i}"),
                InlineKeyboardButton(tr(lang, "btn.discard"), callback_data=f"del:{i}"),
            ]
        ]
    )


def redate_button(article_id: int, lang: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(tr(lang or "en", "other_date"), callback_data=f"redate:{article_id}")]]
    )


def correction_reply() -> ForceReply:
    """The reply field the correction dialog opens, with an example."""
    return ForceReply(selective=True, input_field_placeholder="place: Nioro")
