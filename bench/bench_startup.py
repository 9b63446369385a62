"""What a stored query costs as a fresh process, against `python -c "import rdflib"`, pair by pair.

    .venv/bin/python -m bench.bench_startup                     # timeline, 15 pairs
    .venv/bin/python -m bench.bench_startup partners prts -n 25 --json startup.json

Each pair runs `nj-graph query NAME` (output to /dev/null, as in a script) and `python -c "import
rdflib"` one after the other in the same environment, alternating which goes first, and takes
the CPU time (user + system) each used, its forked worker included (the children's rusage of
this process, before and after). The ratio of the two is taken per pair, so a busy machine
slows both sides of a pair alike; the median pair ratio is the figure. The same is done with
`--reasoning owl-rl` once its closure is cached, and with `--store oxigraph:PATH`.
Timings are for reading, not asserting: nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

NJ_GRAPH = [sys.executable, "-m", "nj_graph"]
IMPORT_RDFLIB = [sys.executable, "-c", "import rdflib"]


#: Both sides run as an installed program runs: with its modules' bytecode written once and then
#: read (PYTHONDONTWRITEBYTECODE would make every run compile nj-graph's modules from source,
#: while rdflib's bytecode was written when it was installed).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def cpu_of(command: list[str]) -> float:
    """CPU seconds (user + system) that `command` and the processes it waited for used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENVIRONMENT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pairs(command: list[str], count: int) -> list[tuple[float, float]]:
    """(command's CPU, import rdflib's CPU) for `count` pairs, alternating the order."""
    found = []
    for index in range(count):
        if index % 2:
            reference = cpu_of(IMPORT_RDFLIB)
            ours = cpu_of(command)
        else:
            ours = cpu_of(command)
            reference = cpu_of(IMPORT_RDFLIB)
        found.append((ours, reference))
    return found


def summary(name: str, measured: list[tuple[float, float]]) -> dict:
    ratios = [ours / reference for ours, reference in measured]
    return {
        "case": name,
        "pairs": len(measured),
        "nj_graph_cpu_median_s": statistics.median(ours for ours, _ in measured),
        "import_rdflib_cpu_median_s": statistics.median(reference for _, reference in measured),
        "ratio_median": statistics.median(ratios),
        "ratio_max": max(ratios),
        "pairs_under_import_rdflib": sum(ratio < 1 for ratio in ratios),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_startup", description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=["timeline"], help="stored queries to run (default: timeline)")
    parser.add_argument("-n", "--pairs", type=int, default=15, help="pairs per case (default 15)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        cache = ["--cache-dir", str(Path(folder) / "cache")]
        store = f"oxigraph:{Path(folder) / 'store'}"
        subprocess.run([*NJ_GRAPH, "query", "partners", "--reasoning", "owl-rl", *cache], check=True,
                       stdout=subprocess.DEVNULL, env=ENVIRONMENT)  # the closure, computed once and cached
        subprocess.run([*NJ_GRAPH, "load", store], check=True, stderr=subprocess.DEVNULL, env=ENVIRONMENT)
        for name in args.names:  # the first run writes the bytecode and remembers the stored query
            subprocess.run([*NJ_GRAPH, "query", name], check=True, stdout=subprocess.DEVNULL, env=ENVIRONMENT)
        cases = []
        for name in args.names:
            cases.append((f"query {name}", [*NJ_GRAPH, "query", name]))
            cases.append((f"query {name} --reasoning owl-rl (cached)",
                          [*NJ_GRAPH, "query", name, "--reasoning", "owl-rl", *cache]))
            cases.append((f"query {name} --store oxigraph:PATH", [*NJ_GRAPH, "query", name, "--store", store]))
        results = []
        print(f"{'case':<58} {'nj-graph':>9} {'rdflib':>9} {'ratio':>6} {'max':>6}  under")
        for label, command in cases:
            found = summary(label, pairs(command, args.pairs))
            results.append(found)
            print(f"{label:<58} {found['nj_graph_cpu_median_s']:8.3f}s {found['import_rdflib_cpu_median_s']:8.3f}s "
                  f"{found['ratio_median']:6.2f} {found['ratio_max']:6.2f}  "
                  f"{found['pairs_under_import_rdflib']}/{found['pairs']}")
    if args.json:
        args.json.write_text(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(),
                                         "python": sys.version.split()[0], "results": results}, indent=2) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
