"""``make bench``: build, test-suite and notebook timings, then every area's own benchmark.

Prints one Markdown table. Targets (issue 2): clean build <= 60 s, no-change rebuild
<= 10 s, ``make test`` <= 5 min on a 2-core machine. Each ``tests/benchmarks/bench_*.py``
module adds its rows through ``run() -> list[dict]`` (keys: area, measure, value, unit, target).

Usage: ``python -m tests.bench [--skip-suite] [--only AREA]``
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import nbformat

from tests.book import ROOT, build_book, toc_notebooks
from tests.test_notebooks import execute

Row = dict[str, object]


def row(area: str, measure: str, value: float | None, unit: str, target: str = "") -> Row:
    return {"area": area, "measure": measure, "value": value, "unit": unit, "target": target}


def bench_build() -> list[Row]:
    """Clean build (fresh cache, every notebook executed) and a no-change rebuild."""
    with tempfile.TemporaryDirectory(prefix="kzlesson-bench-") as out:
        first = build_book(Path(out))
        second = build_book(Path(out))
    ok = first.returncode == 0 and second.returncode == 0
    note = "" if ok else " (BUILD FAILED)"
    return [
        row("book", f"clean build, notebooks executed{note}", first.seconds, "s", "<= 60 s"),
        row("book", f"no-change rebuild{note}", second.seconds, "s", "<= 10 s"),
    ]


#: as the Makefile's PYTEST_PARALLEL (keep the two equal)
PYTEST_PARALLEL = ("-n", "logical", "--maxprocesses=4", "--dist", "loadgroup")


def bench_suite() -> list[Row]:
    """The whole test suite, as ``make test`` runs it (minus the set-up step)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PYTEST_PARALLEL], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    summary = (proc.stdout.strip().splitlines() or ["?"])[-1]
    return [row("tests", f"full test suite ({summary})", seconds, "s", "<= 300 s")]


def bench_notebooks() -> list[Row]:
    """Each toc notebook executed top to bottom in a fresh kernel."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="kzlesson-bench-answers-") as answers:
        os.environ["KZLESSON_ANSWERS_DIR"] = answers
        for path in toc_notebooks():
            nb = nbformat.read(path, as_version=4)
            start = time.perf_counter()
            try:
                execute(nb, path)
                label = path.stem
            except Exception as exc:  # report, do not stop the benchmark
                label = f"{path.stem} (FAILED: {type(exc).__name__})"
            rows.append(row("notebooks", label, time.perf_counter() - start, "s", "a few seconds"))
    return rows


def bench_areas(only: str | None = None) -> list[Row]:
    """Rows from every ``tests/benchmarks/bench_*.py`` module."""
    rows: list[Row] = []
    for module_path in sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py")):
        name = module_path.stem
        if only and only not in name:
            continue
        try:
            module = importlib.import_module(f"tests.benchmarks.{name}")
            rows.extend(module.run())
        except Exception:
            rows.append(row(name.removeprefix("bench_"), "benchmark FAILED: " + traceback.format_exc(limit=1).splitlines()[-1], None, "", ""))
    return rows


def format_table(rows: list[Row]) -> str:
    lines = ["| area | measure | value | target |", "| --- | --- | ---: | --- |"]
    for r in rows:
        value = r["value"]
        shown = "—" if value is None else (f"{value:.3g} {r['unit']}" if isinstance(value, float) else f"{value} {r['unit']}")
        lines.append(f"| {r['area']} | {r['measure']} | {shown.strip()} | {r['target']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-suite", action="store_true", help="do not time the whole test suite")
    parser.add_argument("--only", help="run only the area benchmarks whose name contains this")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    if not args.only:
        print("timing the book build (clean, then no-change) ...", flush=True)
        rows += bench_build()
        print("timing each notebook ...", flush=True)
        rows += bench_notebooks()
    print("running the area benchmarks ...", flush=True)
    rows += bench_areas(args.only)
    if not args.only and not args.skip_suite:
        print("timing the whole test suite ...", flush=True)
        rows += bench_suite()
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
