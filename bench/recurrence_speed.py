"""Top-5 similar-incident lookup time on many incidents (SQLite or PostgreSQL).

Uses the data of bench/search_speed.py (generated there if missing, bulk inserts) and times
``similar_incidents`` (the selector behind the postmortem page's lazy block and the API):
candidate fetch from the full-text index + same-service/tag incidents, scoring, action states.

    .venv/bin/python bench/recurrence_speed.py                 # SQLite, 50,000 incidents
    .venv/bin/python bench/recurrence_speed.py --pg postgresql://postgres@127.0.0.1:5432/hotwash_bench
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import search_speed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50_000)
    parser.add_argument("--lookups", type=int, default=40)
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    search_speed.setup(args.pg or None)
    search_speed.generate(args.n)
    from django.db import connection

    from hotwash.web.incidents.models import Incident
    from hotwash.web.library.recurrence import similar_incidents

    user = search_speed.bench_user()
    ids = list(Incident.objects.order_by("-started_at").values_list("pk", flat=True)[:2000])
    rng = random.Random(5)
    times, found = [], 0
    for pk in rng.sample(ids, min(args.lookups, len(ids))):
        incident = Incident.objects.get(pk=pk)
        t = time.perf_counter()
        result = similar_incidents(incident=incident, user=user)
        times.append((time.perf_counter() - t) * 1000)
        found += len(result)
    print(f"top-5 similar incidents on {connection.vendor}, {Incident.objects.count():,} incidents, "
          f"{len(times)} lookups ({found / len(times):.1f} matches each)")
    print(f"p50 {search_speed.pct(times, 50):.1f} ms, p95 {search_speed.pct(times, 95):.1f} ms, "
          f"max {max(times):.1f} ms (target < 200 ms)")
    print(f"rerun: .venv/bin/python bench/recurrence_speed.py -n {args.n}" + (" --pg URL" if args.pg else ""))


if __name__ == "__main__":
    main()
