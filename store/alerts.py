"""Subscriptions and alerts of the incident store: who wants to hear of what, the outbox of alerts
waiting to be sent (claimed with a lease, so two senders never send one twice), and the append-only
ledger of alerts sent. A mixin of ``IncidentStore``: it uses the store's lock and files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

import orjson

from store.shelf import Shelf
from store.storage import append_line

ALERT_LEASE_S = 120.0  # a claimed alert returns to the outbox if its sender has not reported by then
SENT_LEDGER = "alerts_sent.jsonl"

AlertMatcher = Callable[[dict], Iterable[tuple[int, int]]]  # incident -> (chat_id, subscription id)


class Alerts(Shelf):
    def add_subscription(self, chat_id: int, user_id: int | None, filt: dict, label: str) -> dict:
        with self._writing():
            table = self._table("meta.json", "subscriptions")
            for row in table.all():
                if row["chat_id"] == chat_id and row["filter"] == filt:
                    return {**row, "id": row.doc_id, "existing": True}
            doc = {
                "chat_id": chat_id,
                "user_id": user_id,
                "filter": filt,
                "label": label,
                "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            }
            sid = table.insert(doc)
            self._flush()
            return {**doc, "id": sid}

    def subscriptions(self, chat_id: int | None = None) -> list[dict]:
        with self._reading():
            rows = self.meta.table("subscriptions").all()
            return [{**r, "id": r.doc_id} for r in rows if chat_id is None or r["chat_id"] == chat_id]

    def remove_subscription(self, chat_id: int, sub_id: int) -> bool:
        with self._writing():
            table = self._table("meta.json", "subscriptions")
            row = table.get(doc_id=sub_id)
            if not row or row["chat_id"] != chat_id:
                return False
            table.remove(doc_ids=[sub_id])
            self._flush()
            return True

    def _enqueue_alerts(self, new: list[dict], matcher: AlertMatcher, now: str) -> list[dict]:
        outbox = self._table("meta.json", "outbox")
        queued = []
        for inc in new:
            for chat_id, sub_id in matcher(inc):
                key = f"{chat_id}:{inc['id']}"
                if key in self._alert_keys:
                    continue
                self._alert_keys.add(key)
                row = {
                    "chat_id": chat_id,
                    "sub_id": sub_id,
                    "incident_id": inc["id"],
                    "created_at": now,
                    "attempts": 0,
                    "not_before": 0.0,
                }
                row["id"] = outbox.insert(row)
                queued.append(row)
        return queued

    def pending_alerts(self, now: float | None = None, limit: int = 100) -> list[dict]:
        """Alerts due for delivery and not claimed by a sender, oldest first."""
        now = time.time() if now is None else now
        with self._reading():
            rows = [
                {**r, "id": r.doc_id}
                for r in self.meta.table("outbox").all()
                if r["not_before"] <= now and r.get("claimed_until", 0) <= now
            ]
            return rows[:limit]

    def claim_alerts(self, owner: str, lease_s: float = ALERT_LEASE_S, limit: int = 20) -> list[dict]:
        """Take due alerts for sending: no other job or process gets them until they are sent,
        failed, or the lease runs out (the sender crashed)."""
        now = time.time()
        with self._writing():
            outbox = self._table("meta.json", "outbox")
            rows = [r for r in outbox.all() if r["not_before"] <= now and r.get("claimed_until", 0) <= now][:limit]
            if not rows:
                return []
            ids = [r.doc_id for r in rows]
            outbox.update({"claimed_by": owner, "claimed_until": now + lease_s}, doc_ids=ids)
            self._flush()
            return [{**r, "id": r.doc_id, "claimed_by": owner} for r in rows]

    def alert_sent(self, alert_id: int) -> None:
        """Move an alert from the outbox to the sent ledger (appended, never rewritten), which
        stops it ever being queued or sent again."""
        with self._writing():
            outbox = self._table("meta.json", "outbox")
            row = outbox.get(doc_id=alert_id)
            if row:
                outbox.remove(doc_ids=[alert_id])
                self._flush()
                append_line(
                    self.dir / SENT_LEDGER,
                    orjson.dumps(
                        {"chat_id": row["chat_id"], "incident_id": row["incident_id"], "sent_at": time.time()}
                    ),
                )
                self._written.add(SENT_LEDGER)

    def alert_failed(self, alert_id: int, retry_after: float, drop: bool = False) -> None:
        with self._writing():
            outbox = self._table("meta.json", "outbox")
            row = outbox.get(doc_id=alert_id)
            if not row:
                return
            if drop:
                outbox.remove(doc_ids=[alert_id])
            else:
                outbox.update(
                    {"attempts": row["attempts"] + 1, "not_before": time.time() + retry_after, "claimed_until": 0},
                    doc_ids=[alert_id],
                )
            self._flush()

    def _drop_pending_alerts(self, incident_ids: set[int]) -> None:
        if incident_ids:
            outbox = self._table("meta.json", "outbox")
            outbox.remove(cond=lambda r: r["incident_id"] in incident_ids)
