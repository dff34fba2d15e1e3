"""Sentence-level quality of the blameless-language checker.

Run:  .venv/bin/python bench/lint_eval.py [--show-errors]

For each labelled sentence, "flagged" means check() returned at least one finding (any rule,
any severity, default configuration). Prints precision, recall, F1 and Matthews correlation
against:

- ../shared/data/blame-dev.jsonl (160 real sentences from public postmortems, news and forums;
  read in place, never copied into this repository), when present;
- bench/data/blame_heldout.jsonl (581 real sentences from the same kinds of sources, collected and
  labelled by the team after the rules were written; see docs/benchmarks.md for how it was built);
- bench/data/blame_fresh.jsonl (116 sentences collected and labelled after the rules were changed,
  to check the changes on text nobody had tuned on);
- bench/data/blame_fresh2.jsonl (125 synthetic sentences in the style of postmortems and incident
  chat, written and scored once before the rule changes of 2026-12-07; never tuned on);
- bench/lint_labelled.jsonl (the team's own labelled sentences in the style of postmortems).

Pass one or more paths to score other files of the same shape (one JSON object a line with
``text`` and ``label`` = blame/neutral).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "blame-dev (shared, real sentences)": ROOT.parent / "shared" / "data" / "blame-dev.jsonl",
    "blame_heldout (ours, real sentences)": ROOT / "bench" / "data" / "blame_heldout.jsonl",
    "blame_fresh (ours, collected after the rule changes)": ROOT / "bench" / "data" / "blame_fresh.jsonl",
    "blame_fresh2 (ours, synthetic, written before the 2026-12-07 changes)": ROOT / "bench" / "data" / "blame_fresh2.jsonl",
    "lint_labelled (ours)": ROOT / "bench" / "lint_labelled.jsonl",
}


def score(rows: list[dict[str, str]], show: bool) -> dict[str, float]:
    from hotwash.core.lint import check

    tp = fp = fn = tn = 0
    for row in rows:
        findings = check(row["text"])
        predicted, gold = bool(findings), row["label"] == "blame"
        if predicted and gold:
            tp += 1
        elif predicted:
            fp += 1
            if show:
                print(f"  FP {row.get('id')}: {row['text'][:110]}  {[f.code for f in findings]}")
        elif gold:
            fn += 1
            if show:
                print(f"  FN {row.get('id')}: {row['text'][:110]}")
        else:
            tn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    denom = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    mcc = (tp * tn - fp * fn) / denom if denom else 0.0
    return {"n": len(rows), "tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": p, "recall": r, "f1": f1,
            "mcc": mcc}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-errors", action="store_true", help="print false positives and negatives")
    parser.add_argument("paths", nargs="*", type=Path, help="labelled JSONL files (default: the sets above)")
    args = parser.parse_args()
    sets = {str(p): p for p in args.paths} if args.paths else SETS
    print("sentence-level: flagged = at least one finding (default configuration)")
    for label, path in sets.items():
        if not path.is_file():
            print(f"{label}: {path} not found, skipped")
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if args.show_errors:
            print(f"{label}:")
        s = score(rows, args.show_errors)
        print(f"{label}: n={s['n']} precision={s['precision']:.3f} recall={s['recall']:.3f} f1={s['f1']:.3f} "
              f"mcc={s['mcc']:.3f}  (tp={s['tp']} fp={s['fp']} fn={s['fn']} tn={s['tn']})")
    print("targets on held-out real sentences: precision >= 0.85, recall >= 0.70")
    print("rerun: .venv/bin/python bench/lint_eval.py [--show-errors]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
