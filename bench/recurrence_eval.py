"""Recall@5 of the recurrence scorer on incidents of the same kind from public postmortems.

bench/data/recurrence_pairs.jsonl holds short summaries (written by the team, in its own words)
of public outages: several of each kind (certificate expiry, BGP, DNS, config push, database
failover, capacity removal, time/leap second, queue backlog) and a few of no shared kind. Each
incident of a kind with others asks the scorer for its top 5 among all the other incidents;
recall@5 is the share of its same-kind incidents found there (at most 5 counted), averaged.
Names of services and tags differ between companies, as they would between teams.

    .venv/bin/python bench/recurrence_eval.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hotwash.core.recurrence import IncidentText, Weights, rank_similar  # noqa: E402

DATA = ROOT / "bench" / "data" / "recurrence_pairs.jsonl"


def load() -> list[tuple[str, IncidentText]]:
    out = []
    for line in DATA.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            out.append((row["group"], IncidentText(
                key=row["id"], title=row["title"], summary=row["summary"], details=row["details"],
                services=frozenset(row["services"]), tags=frozenset(row["tags"]),
                categories=frozenset(row["categories"]))))
    return out


def evaluate(rows: list[tuple[str, IncidentText]], weights: Weights | None = None, k: int = 5) -> tuple[float, float]:
    """(recall@k, share of queries whose first result is of the same kind)."""
    recalls, firsts = [], []
    for group, target in rows:
        relevant = {t.key for g, t in rows if g == group and t.key != target.key and group != "solo"}
        if not relevant:
            continue
        found = [m.key for m in rank_similar(target, [t for _, t in rows], limit=k, min_score=0.0, weights=weights)]
        recalls.append(len(relevant & set(found)) / min(len(relevant), k))
        firsts.append(1.0 if found and found[0] in relevant else 0.0)
    return sum(recalls) / len(recalls), sum(firsts) / len(firsts)


def main() -> None:
    rows = load()
    kinds = {g for g, _ in rows if g != "solo"}
    print(f"{len(rows)} incidents, {len(kinds)} kinds with 3-5 incidents each, "
          f"{sum(1 for g, _ in rows if g == 'solo')} of no shared kind")
    for label, weights in (("text + labels (default weights)", Weights()),
                           ("text only", Weights(text=1.0, services=0, tags=0, categories=0)),
                           ("labels only", Weights(text=0, services=0.4, tags=0.4, categories=0.2))):
        recall, first = evaluate(rows, weights)
        print(f"{label:<34} recall@5 {recall:.3f}   top-1 same kind {first:.3f}")
    print("rerun: .venv/bin/python bench/recurrence_eval.py")


if __name__ == "__main__":
    main()
