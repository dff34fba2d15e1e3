"""One pass of the follow-through work (``hotwash tick``), and the loop around it (``hotwash worker``)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from django.db import close_old_connections
from django.utils import timezone

from hotwash.core.errors import HotwashError
from hotwash.core.trackers.http import Transport
from hotwash.web.followthrough import reminders, trackers
from hotwash.web.library import digest as library_digest

log = logging.getLogger("hotwash.worker")


@dataclass
class TickSummary:
    reminders: reminders.ReminderSummary
    trackers: trackers.TrackerSummary
    started: datetime
    seconds: float
    digest: library_digest.TickResult | None = None

    def lines(self) -> list[str]:
        r, t = self.reminders, self.trackers
        out = [f"reminders: {r.sent} sent, {r.digests} digests, {r.retried} resent, {r.failed} failed "
               f"(retried later), {r.gave_up} given up, {r.skipped} already taken",
               f"trackers: {t.created} tickets created, {t.pending} pending, {t.failed} failed, "
               f"{t.pulled} statuses pulled, {t.changed} items changed"]
        if self.digest is not None:
            out.append(self.digest.line())
        out += [f"  ! {e}" for e in r.errors + t.errors + self._digest_errors]
        return out

    @property
    def _digest_errors(self) -> list[str]:
        return [self.digest.error] if self.digest is not None and self.digest.error else []

    @property
    def ok(self) -> bool:
        return not (self.reminders.errors or self.trackers.errors or self._digest_errors)


def _digest(now: datetime, transport: Transport | None, worker: str) -> library_digest.TickResult:
    """The learning digest when it is due; a broken digest setting is reported, not fatal to the pass."""
    post = library_digest.post_via(transport) if transport is not None else None
    try:
        return library_digest.digest_tick(now=now, post=post, worker=worker or reminders.worker_name())
    except HotwashError as exc:
        return library_digest.TickResult("error", error=f"learning digest: {exc}")


def tick(*, now: datetime | None = None, transport: Transport | None = None,
         tracker_transport: Transport | None = None, worker: str = "") -> TickSummary:
    """Send owed reminders and digests (retrying failed ones), the learning digest when it is due, create
    pending tickets, pull ticket statuses.

    Safe to run from cron and from several workers at once: every send and every ticket is claimed first.
    """
    started = timezone.now()
    now = now or started
    kwargs = {"transport": transport} if transport is not None else {}
    summary_r = reminders.reminders_run(now=now, worker=worker, **kwargs)
    summary_d = _digest(now, transport, worker)
    summary_t = trackers.tracker_pull(now=now, transport=tracker_transport)
    return TickSummary(summary_r, summary_t, started, (timezone.now() - started).total_seconds(), summary_d)


def run_worker(*, interval: float, stop: threading.Event, on_tick=None,  # type: ignore[no-untyped-def]
               max_ticks: int | None = None) -> int:
    """Tick every ``interval`` seconds until ``stop`` is set (or ``max_ticks`` passes); a failing tick is
    logged, not fatal. Database connections are refreshed between passes (a restarted server is survived)."""
    ticks = 0
    while not stop.is_set() and (max_ticks is None or ticks < max_ticks):
        close_old_connections()
        try:
            summary = tick()
            if on_tick is not None:
                on_tick(summary)
        except Exception:  # noqa: BLE001 - a worker must survive a bad tick (database restart, bug)
            log.exception("tick failed; next try in %s s", interval)
        ticks += 1
        stop.wait(interval)
    close_old_connections()
    return ticks
