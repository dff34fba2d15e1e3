"""Library search speed on many published postmortems (SQLite FTS5 or PostgreSQL).

Generates N incidents with published-postmortem index rows by bulk inserts (the database's own
full-text index follows: FTS5 triggers / a generated tsvector column), then times realistic
queries through the same selector the library page uses (ranking, filters, visibility, excerpts,
the page's incidents): p50 and p95 in milliseconds. "1000+" = more than the count cap.

    .venv/bin/python bench/search_speed.py                       # SQLite, 50,000 postmortems
    .venv/bin/python bench/search_speed.py --pg postgresql://postgres@127.0.0.1:5432/hotwash_bench
    .venv/bin/python bench/search_speed.py -n 5000 --rounds 3    # a quick look

The data is kept between runs (SQLite under /tmp/hotwash-bench-library; PostgreSQL in the given
database) and only topped up to N.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SERVICES = ["checkout-api", "payments-db", "search-api", "auth", "dns", "edge-proxy", "kafka", "billing",
            "mobile-api", "cdn", "scheduler", "ledger", "notifications", "inventory", "gateway", "redis-cache"]
TAGS = ["database", "config-change", "network", "tls", "latency", "capacity", "deploy", "dns", "security",
        "data-loss", "third-party", "memory", "storage", "queue", "kubernetes"]
KINDS = [
    ("Database failover left replicas behind", "the primary database failed over and replicas lagged; "
     "writes were refused until the replica caught up", ["payments-db", "ledger"], ["database"]),
    ("TLS certificate expired on the gateway", "an expired certificate broke the TLS handshake for clients; "
     "renewal had been manual", ["gateway", "edge-proxy"], ["tls"]),
    ("Connection pool exhausted after config change", "a configuration change raised the connection pool "
     "size per pod and exhausted database connections", ["checkout-api", "payments-db"], ["config-change"]),
    ("DNS resolution failures after zone change", "a malformed record in the zone file made lookups fail; "
     "resolvers cached the negative answers", ["dns"], ["dns", "network"]),
    ("Kafka consumer lag delayed notifications", "consumer lag grew after a partition rebalance and "
     "notifications were delayed by hours", ["kafka", "notifications"], ["queue"]),
    ("Memory leak in the search service", "a memory leak in the query cache made pods restart under load; "
     "latency rose before each out of memory kill", ["search-api"], ["memory", "latency"]),
    ("Disk full on the logging cluster", "log volume doubled after a debug flag shipped and the disks filled; "
     "ingestion stopped", ["scheduler"], ["storage", "capacity"]),
    ("BGP route leak made the edge unreachable", "a route leak from a transit provider sent traffic to the "
     "wrong network; the edge was unreachable in two regions", ["edge-proxy", "cdn"], ["network"]),
    ("Bad deploy rolled back after error spike", "a deploy with a missing feature flag default raised the "
     "error rate; the rollback took forty minutes", ["checkout-api"], ["deploy"]),
    ("Third-party payment provider timeouts", "the payment provider timed out and retries amplified the "
     "load; a circuit breaker was missing", ["billing"], ["third-party", "latency"]),
]
_FILLER_TEXT = ("alert dashboard runbook escalation pager on-call rollback canary metric threshold retry timeout "
          "latency error rate customer region cluster node pod replica primary secondary cache queue worker "
          "scheduler cron batch migration schema index query lock deadlock connection socket handshake "
          "certificate token session login request response header payload gateway proxy balancer health "
          "check probe restart crash loop memory cpu disk quota limit throttle backlog lag partition "
          "consumer producer topic broker leader election quorum snapshot backup restore failover "
          "replication config flag feature toggle release pipeline build artifact image registry "
          "kubernetes node drain upgrade kernel patch vendor provider outage status page communication "
          "handoff ownership documentation monitoring observability tracing sampling budget slo")
FILLER = _FILLER_TEXT.split()
QUERIES = [
    ({"q": "database failover"}, "two words"),
    ({"q": "certificate expired"}, "two words"),
    ({"q": '"connection pool"'}, "phrase"),
    ({"q": "dns"}, "one word"),
    ({"q": "kafka consumer lag"}, "three words"),
    ({"q": "memory le"}, "prefix while typing"),
    ({"q": "rollback", "service": "checkout-api"}, "word + service filter"),
    ({"q": "timeout", "tag": "third-party", "since": "2024-01-01"}, "word + tag + date"),
    ({"q": "route leak unreachable"}, "three words"),
    ({"q": "latency"}, "one common word"),
    ({"q": "disk full logging", "sort": "recent"}, "newest first"),
    ({"q": "failover", "severity": "high", "category": "process"}, "word + severity + category"),
    ({"q": "deploy", "team": "payments"}, "word + team"),
    ({"q": "latency", "since": "2019-03-01", "until": "2019-03-31"}, "common word + one month"),
    ({}, "browse, newest first"),
    ({"severity": "critical", "category": "technical"}, "browse + filters"),
]
TEAMS = ["payments", "platform", "search", "edge"]


def setup(pg: str | None) -> None:
    if pg:
        os.environ["DATABASE_URL"] = pg
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["HOTWASH_DATA_DIR"] = "/tmp/hotwash-bench-library"
        Path("/tmp/hotwash-bench-library").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hotwash.web.settings")
    if pg:
        import psycopg

        base, _, name = pg.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(FILLER) for _ in range(n))


def generate(n: int, *, seed: int = 8) -> int:
    """Top the database up to ``n`` published postmortems; returns how many were added."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from hotwash.core.search_query import facets_text
    from hotwash.web.accounts.models import Profile
    from hotwash.web.incidents.models import Incident, Service, SeverityLevel, Tag
    from hotwash.web.incidents.services import severity_defaults_ensure
    from hotwash.web.library.models import SearchDocument
    from hotwash.web.postmortems.analysis_services import factor_categories_ensure
    from hotwash.web.postmortems.models import ContributingFactor, FactorCategory, Postmortem

    severity_defaults_ensure()
    factor_categories_ensure()
    have = SearchDocument.objects.filter(published=True).count()
    if have and not ContributingFactor.objects.exists():
        sys.exit("bench data from an older version of this script (no factors): drop the database "
                 "(SQLite: rm -r /tmp/hotwash-bench-library) and run again")
    if have >= n:
        return 0
    rng = random.Random(seed + have)
    levels = list(SeverityLevel.objects.all())
    categories = list(FactorCategory.objects.all())
    authors = []
    for i, team in enumerate(TEAMS * 2):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-author-{i}")
        Profile.objects.update_or_create(user=user, defaults={"team": team})
        authors.append(user)
    team_of = {user.pk: team for user, team in zip(authors, TEAMS * 2, strict=True)}
    services = {name: Service.objects.get_or_create(name=name)[0] for name in SERVICES}
    tags = {name: Tag.objects.get_or_create(name=name)[0] for name in TAGS}
    start = datetime(2019, 1, 1, tzinfo=UTC)
    added = 0
    batch = 2000
    while have + added < n:
        size = min(batch, n - have - added)
        with transaction.atomic():
            incidents = []
            kinds = []
            for _ in range(size):
                kind = rng.choice(KINDS) if rng.random() < 0.7 else None
                when = start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 7))
                title = (f"{kind[0]} ({rng.choice(FILLER)})" if kind else
                         f"{rng.choice(FILLER).title()} {rng.choice(FILLER)} {rng.choice(FILLER)} incident")
                incidents.append(Incident(title=title, severity=rng.choice(levels), status="resolved",
                                          created_by=rng.choice(authors), started_at=when, detected_at=when + timedelta(minutes=5),
                                          resolved_at=when + timedelta(hours=1)))
                kinds.append(kind)
            created = Incident.objects.bulk_create(incidents)
            Postmortem.objects.bulk_create([Postmortem(incident=i, status="published", published_at=i.resolved_at,
                                                       executive_summary="") for i in created])
            postmortems = {p.incident_id: p for p in Postmortem.objects.filter(incident__in=created)}
            docs, svc_links, tag_links, factors = [], [], [], []
            for incident, kind in zip(created, kinds, strict=True):
                svc = list(kind[2]) if kind else [rng.choice(SERVICES)]
                tg = list(kind[3]) if kind else [rng.choice(TAGS)]
                summary = (kind[1] + ". " if kind else "") + _words(rng, 30)
                cats = rng.sample(categories, rng.randint(1, 3))
                texts = [(c, _words(rng, 12)) for c in cats]
                factors += [ContributingFactor(postmortem=postmortems[incident.pk], category=c, description=t)
                            for c, t in texts]
                labels = sorted(c.label for c in cats)
                severity = incident.severity.key
                docs.append(SearchDocument(
                    incident=incident, title=incident.title, labels=" ".join(svc + tg + labels),
                    summary=summary, body=_words(rng, 220), timeline=_words(rng, 120),
                    factors="\n".join(f"{c.label}: {t}" for c, t in texts), services=svc, tags=tg,
                    categories=labels, published=True, published_at=incident.resolved_at, severity=severity,
                    started_at=incident.started_at,
                    facets=facets_text(services=svc, tags=tg, categories=sorted(c.key for c in cats),
                                       severity=severity, teams=[team_of[incident.created_by_id]])))
                svc_links += [Incident.services.through(incident_id=incident.pk, service_id=services[s].pk) for s in svc]
                tag_links += [Incident.tags.through(incident_id=incident.pk, tag_id=tags[t].pk) for t in tg]
            SearchDocument.objects.bulk_create(docs)
            Incident.services.through.objects.bulk_create(svc_links)
            Incident.tags.through.objects.bulk_create(tag_links)
            ContributingFactor.objects.bulk_create(factors)
        added += size
        print(f"  generated {have + added}/{n}", file=sys.stderr, flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "PRAGMA optimize")
    return added


def bench_user():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username="bench-reader")
    return user


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=50_000, help="postmortems (default 50,000)")
    parser.add_argument("--rounds", type=int, default=10, help="runs of each query (default 10)")
    parser.add_argument("--pg", default=os.environ.get("DATABASE_URL", ""), help="a PostgreSQL URL")
    args = parser.parse_args()
    setup(args.pg or None)
    from django.db import connection

    from hotwash.web.library.selectors import library_filters, library_search

    t = time.perf_counter()
    added = generate(args.n)
    if added:
        print(f"generated {added} postmortems in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    user = bench_user()
    all_times: list[float] = []
    load = os.getloadavg()[0]
    print(f"library search on {connection.vendor}, {args.n:,} published postmortems, {args.rounds} runs each "
          f"(load average {load:.2f})")
    print(f"{'query':<44} {'matches':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for params, label in QUERIES:
        filters = library_filters(params)
        library_search(user=user, filters=filters)  # warm the page cache
        times = []
        total = ""
        for _ in range(args.rounds):
            t = time.perf_counter()
            result = library_search(user=user, filters=filters)
            times.append((time.perf_counter() - t) * 1000)
            total = f"{result.total}+" if result.capped else str(result.total)
        all_times += times
        shown = " ".join(f"{k}={v}" for k, v in params.items()) or "(no query)"
        print(f"{shown[:43]:<44} {total:>8} {pct(times, 50):>8.1f} {pct(times, 95):>8.1f}   {label}")
    print(f"ALL QUERIES: p50 {statistics.median(all_times):.1f} ms, p95 {pct(all_times, 95):.1f} ms "
          f"(target p95 < 100 ms); load average {load:.2f} before, {os.getloadavg()[0]:.2f} after")
    print(f"rerun: .venv/bin/python bench/search_speed.py -n {args.n}" + (" --pg URL" if args.pg else ""))


if __name__ == "__main__":
    main()
