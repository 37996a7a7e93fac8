"""A loop-lag probe, shared by the tests and ``make bench``: how late the event loop wakes a task
that sleeps 5 ms at a time, while the bot runs on the same loop. Lateness is the time something
else held the loop (or waited for Python's GIL on it)."""

from __future__ import annotations

import asyncio
import time

STEP_S = 0.005


class LoopLag:
    """``async with LoopLag() as lag: ...`` then ``lag.lags_ms``, one figure per wake-up."""

    def __init__(self) -> None:
        self.lags_ms: list[float] = []
        self._done = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def _probe(self) -> None:
        while not self._done.is_set():
            t = time.perf_counter()
            await asyncio.sleep(STEP_S)
            self.lags_ms.append((time.perf_counter() - t - STEP_S) * 1000)

    async def __aenter__(self) -> LoopLag:
        self._task = asyncio.create_task(self._probe())
        return self

    async def __aexit__(self, *exc) -> None:
        self._done.set()
        if self._task is not None:
            await self._task
