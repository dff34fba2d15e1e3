"""Speed of `hotwash lint` against proselint 0.16 on the same ~1 MB Markdown file.

Run:  .venv/bin/python bench/lint_speed.py [--size-kb 1024] [--adversarial] [--rounds 5]

Both tools run as real subprocesses (the installed `hotwash` and `proselint` commands), so the
figures include interpreter start-up, as a user sees them. Also times `hotwash lint` on a small
file (target < 0.5 s). Prints words/s for both tools and the ratio. Single runs vary a lot on a
shared machine: ``--rounds N`` alternates the two tools N times and reports the ratio of the
medians and each round's ratio with the load average before it.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent

# A realistic mix: most of a postmortem is neutral narration, timelines, quotes of chat and
# logs, code and tables; about one paragraph in eight carries blame wording.
NEUTRAL = [
    "At 14:02 UTC a configuration change to the edge proxy was rolled out to all regions at once. "
    "Error rates for the checkout API rose from 0.1% to 38% within four minutes, and the on-call "
    "engineer was paged at 14:05.",
    "The health check failed to detect that the worker pool was deadlocked, so the load balancer kept "
    "sending traffic to the affected hosts. Requests failed to complete within the 30-second timeout.",
    "We identified three contributing factors: a missing rate limit on the API, inadequate load testing "
    "for that endpoint, and an alert threshold that was too high to catch the degradation early.",
    "The runbook did not mention that the command operates on all regions by default. The team decided "
    "to fail over to the secondary region at 14:31, and error rates returned to normal by 14:40.",
    "> 14:07 <alice> who pushed this?\n> 14:08 <bob> looks like the deploy bot",
    "```\n$ kubectl rollout undo deployment/edge-proxy\ndeployment.apps/edge-proxy rolled back\n```",
    "- Add a canary stage to config rollouts (owner: platform team, due 2024-07-01)\n"
    "- Alert on health-check latency above 5 s (owner: observability, due 2024-06-20)",
    "| time | event |\n| --- | --- |\n| 14:02 | config push starts |\n| 14:05 | page to on-call |\n"
    "| 14:40 | error rate back to baseline |",
    "The certificate expired because renewal depended on a cron job that had been removed during the "
    "migration to the new scheduler. There was no alert on certificate expiry.",
    "Customers in the EU region saw elevated latency for 38 minutes. About 4% of checkout attempts "
    "returned 500 errors, and some mobile clients retried aggressively, which doubled the load.",
    "The incident commander opened a bridge at 14:09 and split the investigation by region. Two "
    "engineers from the database team joined at 14:15 to rule out replication lag.",
    "What went well: the rollback tooling worked on the first attempt, and the status page was updated "
    "within ten minutes of the first alert.",
    "What was confusing: the dashboard showed healthy hosts because the health check only tested the "
    "TCP port, not the request path. The alert text did not say which region was affected.",
    "We will add a pre-flight check that compares the target host list against the expected count, and "
    "require a second approval for configuration changes that apply to more than one region.",
]
BLAME = [
    "Bob forgot to run the migration script, and the engineer should have checked the dashboard before "
    "restarting the cluster. It was a careless mistake.",
    "Had the on-call read the `rollback` section of the runbook, the outage would have been shorter. "
    "Nobody had noticed that the backup job was failing.",
]


def make_document(size: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts = ["# Postmortem: checkout outage\n"]
    total = 0
    n = 0
    while total < size:
        if n % 12 == 0:
            parts.append(f"\n## Section {n // 12 + 1}\n")
        p = rng.choice(BLAME) if rng.random() < 0.125 else rng.choice(NEUTRAL)
        parts.append(p + "\n")
        total += len(p) + 1
        n += 1
    return "\n".join(parts)


def labelled_sentences(label: str) -> list[str]:
    """Sentences of the labelled sets in bench/ (``blame`` or ``neutral``), in file order."""
    import json

    here = Path(__file__).resolve().parent
    out: list[str] = []
    for path in (here / "lint_labelled.jsonl", *sorted((here / "data").glob("blame_*.jsonl"))):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                if row["label"] == label:
                    out.append(" ".join(row["text"].split()))
    return out


def make_adversarial(size: int, seed: int = 7) -> str:
    """A corpus made to be slow for the checker: a third of the paragraphs are real blame sentences
    from the labelled sets, a third real neutral sentences from them (many with the same trigger
    words: near misses), a third the neutral paragraphs above. Most sentences then go past the
    trigger prefilter into the rules' grammar checks."""
    rng = random.Random(seed)
    blame, neutral = labelled_sentences("blame"), labelled_sentences("neutral")
    parts = ["# Postmortem: a long review\n"]
    total = 0
    n = 0
    while total < size:
        if n % 12 == 0:
            parts.append(f"\n## Section {n // 12 + 1}\n")
        kind = n % 3
        if kind == 0:
            p = " ".join(rng.choice(blame) for _ in range(rng.randint(2, 4)))
        elif kind == 1:
            p = " ".join(rng.choice(neutral) for _ in range(rng.randint(2, 4)))
        else:
            p = rng.choice(NEUTRAL)
        parts.append(p + "\n")
        total += len(p) + 1
        n += 1
    return "\n".join(parts)


def words(text: str) -> int:
    return len(text.split())


def timed(cmd: list[str]) -> tuple[float, int]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size-kb", type=int, default=1024)
    parser.add_argument("--adversarial", action="store_true",
                        help="a third of the paragraphs real blame sentences, a third near misses")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run both tools this many times, alternating, and report every round's ratio "
                             "and the ratio of the medians (default 1: one run each)")
    args = parser.parse_args()
    hotwash = str(BIN / "hotwash")
    proselint = shutil.which("proselint", path=str(BIN)) or "proselint"
    rounds: list[tuple[float, float, float]] = []  # hotwash s, proselint s, load average before
    with tempfile.TemporaryDirectory() as tmp:
        doc = Path(tmp) / "big.md"
        text = (make_adversarial if args.adversarial else make_document)(args.size_kb * 1024)
        doc.write_text(text, encoding="utf-8")
        small = Path(tmp) / "small.md"
        small.write_text(NEUTRAL[0] + "\n\n" + BLAME[0] + "\n", encoding="utf-8")
        n = words(text)
        for _ in range(max(1, args.rounds)):
            load = os.getloadavg()[0]
            hw_time, hw_rc = timed([hotwash, "lint", "--format", "json", str(doc)])
            pl_time, pl_rc = timed([proselint, "check", str(doc)])
            rounds.append((hw_time, pl_time, load))
        small_times = sorted(timed([hotwash, "lint", str(small)])[0] for _ in range(5))
    hw_time = statistics.median(r[0] for r in rounds)
    pl_time = statistics.median(r[1] for r in rounds)
    hw_wps, pl_wps = n / hw_time, n / pl_time
    mix = "adversarial: 1 paragraph in 3 with blame" if args.adversarial else "about 1 paragraph in 8 with blame wording"
    of = f"median of {len(rounds)} runs" if len(rounds) > 1 else "one run"
    print(f"document: {len(text) / 1e6:.2f} MB, {n} words ({mix})")
    print(f"hotwash lint : {hw_time:6.2f} s  {hw_wps:10,.0f} words/s  (exit {hw_rc}, {of})")
    print(f"proselint    : {pl_time:6.2f} s  {pl_wps:10,.0f} words/s  (exit {pl_rc}, {of})")
    print(f"ratio        : {hw_wps / pl_wps:.1f}x proselint's words/s (target >= 5x)")
    if len(rounds) > 1:
        print("rounds       : " + ", ".join(f"{p / h:.1f}x ({h:.2f} s / {p:.2f} s, load {ld:.1f})"
                                            for h, p, ld in rounds))
    print(f"small file   : median {small_times[2]:.2f} s, best {small_times[0]:.2f} s over 5 runs (target < 0.5 s)")
    print(f"machine      : {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")
    print("rerun        : .venv/bin/python bench/lint_speed.py [--rounds 5] [--adversarial]")


if __name__ == "__main__":
    main()
