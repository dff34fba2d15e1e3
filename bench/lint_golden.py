"""Golden findings of the blameless-language checker: did a change alter a single finding?

Run:  .venv/bin/python bench/lint_golden.py --write /tmp/golden.jsonl     (on the code to compare with)
      .venv/bin/python bench/lint_golden.py --compare /tmp/golden.jsonl   (after each change)

Runs ``check()`` in-process over a fixed set of inputs, each under two configurations (the default
one, and every rule selected with participant names and custom terms), and writes every finding
with all its fields as one JSON line. ``--compare`` runs the same inputs again and fails (exit 1)
at the first input whose findings differ, printing the first differing findings.

Inputs:

- the speed corpus of ``bench/lint_speed.py`` (seed 7, 1 MB) and its adversarial corpus (seed 7,
  512 KB), the first 256 KB of the speed corpus with CRLF line ends and curly apostrophes;
- every sentence of ``bench/lint_labelled.jsonl`` and ``bench/data/blame_*.jsonl``, as written, in
  upper case and in title case (triggers are caseless), and all of them in one CRLF document;
- ``README.md``, ``docs/**/*.md`` and the Markdown under ``tests/fixtures``, read from the git
  commit recorded in the golden file (so that editing the docs does not change the inputs);
- the string literals of ``tests/core/lint/*.py`` at that commit (near misses and blame examples), each rule's own
  ``flags`` and ``passes`` examples, and a few Unicode edge cases;
- when present, ``../shared/seeds/*.txt`` and ``../shared/data/blame-dev.jsonl`` (read in place).

Each input's header line carries a SHA-256 of its text: an input that changed is reported as such,
not as a changed finding.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from hotwash.core.lint import LintConfig, all_rules, check  # noqa: E402
from lint_speed import BLAME, NEUTRAL, make_adversarial, make_document  # noqa: E402

CONFIGS = {
    "default": (LintConfig(), ()),
    "all": (LintConfig(select=("BL", "BL051"), severity={"BL01": "error", "BL05": "info"},
                       terms={"cowboy": "Describe the change instead.", "hero": None, "rockstar": None,
                              "blast radius": None}),
            ("Priya", "Alice Smith", "bob", "@sam")),
}

EDGE_CASES = [
    "İstanbul's on-call forgot to renew the certificate. Bob's typo took the site down.",
    "The ﬁx was rushed: Straße team should have checked the ﬂag before Priya pushed it.",
    "ǅ team’s engineer carelessly deleted the volume; the operator’s mistake caused it.",
    "Ⅻ Why didn’t you check the dashboard?\u00a0The engineer should’ve known better.",
    "BOB FORGOT TO RUN THE MIGRATION AND IT WAS A CARELESS MISTAKE.",
    "> Bob forgot the migration.\n\nBut Alice simply ignored the alert. Obviously, human error.",
    "\tAn indented line where the intern forgot the flag.\n\nThe on-call\u2019s error was the root cause.",
    "Carelessly, stupidly, lazily: the sre who ran it just didn't think. Who approved this?",
    "<!-- hotwash-disable-next-line BL001 -->\nBob broke the build.\n<!-- hotwash-disable-line BL9 -->",
    "“Bob forgot to check the dashboard before the release,” the manager said. He should have known.",
]


def git_rev() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True,
                          text=True).stdout.strip()


def git_files(rev: str) -> list[str]:
    out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.split()
    return sorted(p for p in out if p.endswith(".md") and (p == "README.md" or p.startswith(("docs/", "tests/fixtures/")))
                  or p.startswith("tests/core/lint/") and p.endswith(".py"))


def git_show(rev: str, path: str) -> str:
    return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, check=True, capture_output=True).stdout.decode()


def _rows(text: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def inputs(rev: str) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(name, text, names) for every input."""
    speed = make_document(1024 * 1024)
    yield "corpus:speed", speed, ()
    yield "corpus:adversarial", make_adversarial(512 * 1024), ()
    yield "corpus:speed-crlf-curly", speed[: 256 * 1024].replace("\n", "\r\n").replace("'", "’"), ()
    labelled: list[str] = []
    for path in ("bench/lint_labelled.jsonl", "bench/data/blame_fresh.jsonl", "bench/data/blame_heldout.jsonl"):
        for row in _rows(git_show(rev, path)):
            labelled.append(row["text"])
            yield f"{path}:{row['id']}", row["text"], ()
            yield f"{path}:{row['id']}:upper", row["text"].upper(), ()
            yield f"{path}:{row['id']}:title", row["text"].title(), ()
    yield "labelled:crlf", "\r\n\r\n".join(labelled), ()
    for path in git_files(rev):
        if path.endswith(".py"):
            for n, s in enumerate(_strings(git_show(rev, path))):
                yield f"{path}:str{n}", s, ()
        else:
            yield path, git_show(rev, path), ()
    for rule in all_rules():
        for kind in ("flags", "passes"):
            for n, s in enumerate(getattr(rule, kind)):
                yield f"rule:{rule.code}:{kind}{n}", s, rule.example_names
    for n, s in enumerate(EDGE_CASES + NEUTRAL + BLAME):
        yield f"edge:{n}", s, ()
    shared = ROOT.parent / "shared"
    for path in sorted((shared / "seeds").glob("*.txt")):
        yield f"shared:seeds/{path.name}", path.read_text(encoding="utf-8"), ()
    dev = shared / "data" / "blame-dev.jsonl"
    if dev.is_file():
        for row in _rows(dev.read_text(encoding="utf-8")):
            yield f"shared:blame-dev:{row['id']}", row["text"], ()


def _strings(source: str) -> list[str]:
    """String literals of three or more words in a test module (its example sentences)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value.split()) >= 3:
            out.append(node.value)
    return out


def run(rev: str) -> Iterator[dict[str, object]]:
    """Header and finding records, in a fixed order."""
    for name, text, names in inputs(rev):
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        for cname, (config, extra) in CONFIGS.items():
            findings = check(text, config=config, names=(*names, *extra))
            yield {"input": name, "config": cname, "sha": digest, "n": len(findings)}
            for f in findings:
                yield {"input": name, "config": cname, **f.to_dict()}


def write(path: Path, rev: str) -> int:
    t = time.perf_counter()
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"rev": rev}) + "\n")
        for rec in run(rev):
            fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
            n += "code" in rec
    print(f"wrote {n} findings to {path} (inputs from {rev[:10]}, {time.perf_counter() - t:.1f} s)")
    return 0


def compare(path: Path) -> int:
    t = time.perf_counter()
    lines = path.read_text(encoding="utf-8").splitlines()
    rev = json.loads(lines[0])["rev"]
    golden = [json.loads(line) for line in lines[1:]]
    new = list(run(rev))
    changed_inputs = []
    i = j = 0
    while i < len(golden) or j < len(new):
        g = golden[i] if i < len(golden) else None
        c = new[j] if j < len(new) else None
        if g == c:
            i += 1
            j += 1
            continue
        if g is not None and c is not None and "sha" in g and "sha" in c and g["input"] == c["input"] \
                and g["sha"] != c["sha"]:
            changed_inputs.append(g["input"])  # the input itself changed: skip its findings
            i += 1 + int(g["n"])  # type: ignore[call-overload]
            j += 1 + int(c["n"])  # type: ignore[call-overload]
            continue
        where = (g or c or {}).get("input"), (g or c or {}).get("config")
        print(f"DIFFERENT findings in input {where[0]!r}, configuration {where[1]!r}:")
        if g and c:
            print("  fields that differ: " + ", ".join(k for k in sorted({*g, *c}) if g.get(k) != c.get(k)))
        print("  golden: " + (json.dumps(g, ensure_ascii=False, sort_keys=True) if g else "(nothing more)"))
        print("  now:    " + (json.dumps(c, ensure_ascii=False, sort_keys=True) if c else "(nothing more)"))
        for k in range(1, 4):
            if i + k < len(golden) and j + k < len(new) and golden[i + k] != new[j + k]:
                print(f"  golden+{k}: {json.dumps(golden[i + k], ensure_ascii=False, sort_keys=True)}")
                print(f"  now+{k}:    {json.dumps(new[j + k], ensure_ascii=False, sort_keys=True)}")
        return 1
    n = sum("code" in r for r in golden)
    note = f"; inputs changed since the golden run, not compared: {', '.join(changed_inputs)}" if changed_inputs else ""
    print(f"same {n} findings over {sum('sha' in r for r in golden)} input runs "
          f"({time.perf_counter() - t:.1f} s){note}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="FILE", help="write the golden findings")
    group.add_argument("--compare", type=Path, metavar="FILE", help="compare with golden findings")
    parser.add_argument("--rev", help="git commit to read the repository's input files from (default: HEAD)")
    args = parser.parse_args()
    if args.write:
        return write(args.write, args.rev or git_rev())
    return compare(args.compare)


if __name__ == "__main__":
    sys.exit(main())
