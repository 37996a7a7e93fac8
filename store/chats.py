"""Chat-side records of the incident store: the queries of recent answers (their buttons act on
them days later), users granted from the chat, and per-chat settings. A mixin of ``IncidentStore``:
it uses the store's lock and files."""

from __future__ import annotations

import time

from store.shelf import Shelf

ANSWERS = "answers.json"
KEPT_ANSWERS = 5000  # answers whose buttons still work


class Chats(Shelf):
    def keep_answer(self, chat_id: int, query: dict) -> int:
        """Store the query an answer showed, so its buttons act on it days later and after a
        restart; the oldest beyond ``KEPT_ANSWERS`` are forgotten."""
        with self._writing():
            ref = self._next_id("answer")  # (a row set directly: TinyDB's insert rebuilt all 5,000)
            self._row(ANSWERS, "answers", ref, {"chat_id": chat_id, "query": query, "at": time.time()})
            if ref > KEPT_ANSWERS and ref % 100 == 0:  # prune now and then, not on every question
                for old in [k for k in self._row_ids(ANSWERS, "answers") if k <= ref - KEPT_ANSWERS]:
                    self._row(ANSWERS, "answers", old, None)
            self._flush()
            return ref

    def kept_answer(self, ref: int) -> dict | None:
        with self._reading():
            row = self._db(ANSWERS).table("answers").get(doc_id=ref)
            return dict(row) if row else None

    def users(self) -> dict[int, str]:
        """User id -> role ("user" or "admin") granted from the chat."""
        with self._reading():
            return {r["user_id"]: r["role"] for r in self.meta.table("users").all()}

    def set_user(self, user_id: int, role: str | None) -> None:
        with self._writing():
            table = self._table("meta.json", "users")
            table.remove(cond=lambda r: r["user_id"] == user_id)
            if role:
                table.insert({"user_id": user_id, "role": role})
            self._flush()

    def chat_settings(self, chat_id: int) -> dict:
        with self._reading():
            for r in self.meta.table("chats").all():
                if r["chat_id"] == chat_id:
                    return dict(r)
            return {"chat_id": chat_id}

    def set_chat_settings(self, chat_id: int, **values) -> dict:
        with self._writing():
            table = self._table("meta.json", "chats")
            doc = {**self.chat_settings(chat_id), **values}
            table.remove(cond=lambda r: r["chat_id"] == chat_id)
            table.insert(doc)
            self._flush()
            return doc

    def all_chat_settings(self) -> list[dict]:
        with self._reading():
            return [dict(r) for r in self.meta.table("chats").all()]
