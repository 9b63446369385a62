"""The stores side by side: loading, every stored query, validation, OWL RL closure and export.

    .venv/bin/python -m bench.bench_stores                                  # 10k and 100k triples
    .venv/bin/python -m bench.bench_stores --scales 10000,100000,1000000 --json stores.json

For the shipped graph and for each scale of synthetic data (bench/synthetic.py) added to it, one
run measures on each store (`memory`: rdflib, the reference; `oxigraph` in memory; `oxigraph:PATH`
on disk, filled by `load_persistent` as `nj-graph load` does, then opened read-only):

- loading the ontology, the data and the synthetic data;
- every stored query with its default parameters (the median of up to `--repeat` runs);
- exporting the whole graph as N-Triples and as Turtle (rdflib's `serialize`; pyoxigraph's
  `serialize` of the store's triples and its native `Store.dump`);
- the OWL RL closure by owlrl (on rdflib's graph) and by reasonable (from the files).

Then it validates synthetic contributions of `--contributions` sizes as `nj-graph validate` does.
The rdflib reference runs in a process of its own, each figure held to `--reference-deadline`
(bench/stores_reference.py): a figure that ran past it is a lower bound ("> 120"); queries on the
oxigraph stores run in guarded children too, held to `--store-deadline`. It prints
seconds and ratios to the reference, judges the targets, and writes every figure to `--json`.
Timings are for reading, not asserting: nothing here is a test (tests/test_bench_stores.py only
checks that the run completes and reports everything).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
from importlib import metadata
from pathlib import Path

from nj_graph.core.errors import UntrustedInputError
from nj_graph.core.guard import run_guarded
from nj_graph.query.catalogue import list_queries
from nj_graph.store.inputs import project_files
from nj_graph.store.oxigraph import OxigraphStore
from nj_graph.store.untrusted import Limits
from nj_graph.validate import validation

from bench import stores_oxigraph, stores_report
from bench.stores_reference import ReferencePlan, reference_figures
from bench.synthetic import write_synthetic
from bench.timing import guarded_failure, measured, timed

PACKAGES = ("nj-graph", "rdflib", "pyoxigraph", "owlrl", "reasonable", "pyshacl")
_GB = 1 << 30


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="nj-bench-stores-", dir=args.work_dir) as folder:
        results = run(args, Path(folder))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_stores", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=_sizes, default=[10_000, 100_000],
                        help="triples of synthetic data, comma-separated (default 10000,100000)")
    parser.add_argument("--no-shipped", dest="shipped", action="store_false",
                        help="leave out the shipped graph on its own")
    parser.add_argument("--contributions", type=_sizes, default=[10_000, 100_000],
                        help="sizes of the contributions validated (default 10000,100000; 0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each query, of which the median (default 3)")
    parser.add_argument("--reference-deadline", type=float, default=120.0,
                        help="seconds each rdflib figure may take before it is stopped (default 120)")
    parser.add_argument("--load-deadline", type=float, default=600.0,
                        help="seconds rdflib may take to load the graph, and reasonable its closure (default 600)")
    parser.add_argument("--store-deadline", type=float, default=60.0,
                        help="seconds each query on an oxigraph store may take before it is stopped (default 60)")
    parser.add_argument("--owlrl-max", type=int, default=100_000,
                        help="largest scale at which owlrl's closure is attempted (default 100000)")
    parser.add_argument("--validate-deadline", type=float, default=300.0,
                        help="deadline of validation (default 300 s: the figure, not nj-graph's 60 s default)")
    parser.add_argument("--memory-cap", type=float, default=12.0,
                        help="GB of address space each guarded child may use (default 12)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument("--work-dir", type=Path, help="where data and stores are made (default: a temporary folder)")
    return parser.parse_args(argv)


def _sizes(text: str) -> list[int]:
    return [size for size in (int(part.replace("_", "")) for part in text.split(",") if part.strip()) if size > 0]


def run(args: argparse.Namespace, work_dir: Path) -> dict:
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {"started": started.isoformat(timespec="seconds"), "machine": _machine(), "versions": _versions(),
               "settings": {key: (str(value) if isinstance(value, Path) else value)
                            for key, value in vars(args).items()}}
    # Validation first, while this process is small: the validator's child is forked from it and
    # its memory cap counts the parent's address space.
    results["validation"] = [_validation(size, args, work_dir) for size in args.contributions]
    stores_report.print_validation(results["validation"])
    scales = ([None] if args.shipped else []) + list(args.scales)
    results["scales"] = [_scale(size, args, work_dir) for size in scales]
    results["targets"] = stores_report.judge(results["scales"], results["validation"])
    stores_report.print_targets(results["targets"])
    results["peak_rss_mb"] = {
        "benchmark process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "largest child": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}
    results["machine"]["load_average_end"] = os.getloadavg()
    print(f"\npeak resident memory: {results['peak_rss_mb']}")
    return results


def _validation(size: int, args: argparse.Namespace, work_dir: Path) -> dict:
    path = work_dir / f"contribution-{size}.ttl"
    with path.open("w", encoding="utf-8", newline="\n") as out:
        count = write_synthetic(out, size)
    limits = Limits(deadline_seconds=args.validate_deadline)
    try:
        seconds, report = timed(lambda: validation.validate_guarded([path], limits=limits))
    except UntrustedInputError as error:
        figure = guarded_failure(error, args.validate_deadline)
    else:
        figure = measured([seconds], findings=len(report.findings), conforms=report.conforms())
    path.unlink()
    return {"requested": size, "triples": count, "memory_limit_mb": limits.max_memory_bytes >> 20, **figure}


def _scale(size: int | None, args: argparse.Namespace, work_dir: Path) -> dict:
    label = "shipped graph" if size is None else f"{size:,} synthetic"
    print(f"\n-- {label}", flush=True)
    synthetic = None
    if size is not None:
        synthetic = work_dir / f"synthetic-{size}.nt"
        with synthetic.open("w", encoding="utf-8", newline="\n") as out:
            write_synthetic(out, size)
    queries = tuple(list_queries())
    stores = _oxigraph_figures(synthetic, queries, args, work_dir)
    reasonable = _reasonable_closure(synthetic, args, work_dir)
    memory = {"queries": {}, "export": {}}
    peak = None
    owlrl = size is None or size <= args.owlrl_max
    plan = ReferencePlan(synthetic=synthetic, queries=queries, repeat=args.repeat, deadline=args.reference_deadline,
                         load_deadline=args.load_deadline, memory_bytes=int(args.memory_cap * _GB), owlrl=owlrl,
                         owlrl_note=f"owlrl is not attempted above {args.owlrl_max:,} triples (--owlrl-max)",
                         work_dir=work_dir)
    closure = {"reasonable": reasonable}
    for section, name, figure in reference_figures(plan):
        if section != "memory":
            print(f"  rdflib {section} {name}: {stores_report.shown(figure)}", flush=True)
        if section == "load":
            memory["load"] = figure
        elif section == "query":
            memory["queries"][name] = figure
        elif section == "export":
            memory["export"][name] = figure
        elif section == "closure":
            closure["owlrl"] = figure
        else:
            peak = figure.get("peak_rss_mb")
    stores["memory"] = memory
    if synthetic is not None:
        synthetic.unlink()
    scale = {"label": label, "requested": size or 0, "synthetic": size is not None,
             "triples": stores["oxigraph"]["load"]["triples"], "stores": stores, "closure": closure,
             "reference_peak_rss_mb": peak}
    scale["notes"] = _notes(scale)
    stores_report.print_scale(scale)
    return scale


def _oxigraph_figures(synthetic: Path | None, queries: tuple, args: argparse.Namespace, work_dir: Path) -> dict:
    path = work_dir / "store"
    load, in_memory = stores_oxigraph.load_in_memory(synthetic)
    load_disk, opening = stores_oxigraph.load_on_disk(synthetic, path)
    figures = {"oxigraph": {"load": load}, "oxigraph:PATH": {"load": load_disk, "open": opening}}
    opener = {"oxigraph": lambda: in_memory, "oxigraph:PATH": lambda: OxigraphStore.open(path)}
    for name, entry in figures.items():
        print(f"  {name} load: {stores_report.shown(entry['load'])}", flush=True)
        entry["queries"] = {}
        for stored in queries:
            figure = stores_oxigraph.query_figure(opener[name], stored, repeat=args.repeat,
                                                  deadline=args.store_deadline,
                                                  memory_bytes=int(args.memory_cap * _GB))
            entry["queries"][stored.name] = figure
            print(f"  {name} query {stored.name}: {stores_report.shown(figure)}", flush=True)
        store = opener[name]()
        entry["export"] = stores_oxigraph.export_figures(store, work_dir)
        store.close()
    del in_memory, opener
    gc.collect()  # let go of the stores before the reference forks
    figures["oxigraph:PATH"]["load_data_option"] = stores_oxigraph.load_data_option(synthetic, work_dir / "store-data")
    shutil.rmtree(path, ignore_errors=True)
    return figures


def _reasonable_closure(synthetic: Path | None, args: argparse.Namespace, work_dir: Path) -> dict:
    """reasonable's closure from the files themselves (it reads Turtle; N-Triples is Turtle)."""
    files = [str(p) for p in project_files()]
    if synthetic is not None:
        as_turtle = work_dir / f"{synthetic.stem}.ttl"  # reasonable tells the format by the extension
        as_turtle.symlink_to(synthetic)
        files.append(str(as_turtle))
    try:
        return run_guarded(_reasonable, files, deadline_seconds=args.load_deadline,
                           memory_bytes=int(args.memory_cap * _GB), what="reasonable's closure")
    except UntrustedInputError as error:
        return guarded_failure(error, args.load_deadline)
    finally:
        if synthetic is not None:
            as_turtle.unlink()


def _reasonable(files: list[str]) -> dict:
    import reasonable

    def close():
        reasoner = reasonable.PyReasoner()
        for file in files:
            reasoner.load_file(file)
        return len(reasoner.get_base_triples()), len(reasoner.reason())

    seconds, (base, closed) = timed(close)
    return measured([seconds], triples=base, closure_triples=closed)


def _notes(scale: dict) -> list[str]:
    """What a reader should know beside the figures: queries without rows, row counts that differ."""
    notes = []
    stores = scale["stores"]
    for name, figure in stores["oxigraph"]["queries"].items():
        counts = {store: stores[store]["queries"][name].get("rows") for store in stores_report.STORES}
        known = {c for c in counts.values() if c is not None}
        if known == {0}:
            notes.append(f"{name} returns no rows")
        elif len(known) > 1:
            notes.append(f"{name} row counts differ: {counts}")
    owlrl, reasonable = scale["closure"].get("owlrl"), scale["closure"]["reasonable"]
    if owlrl and owlrl["status"] == "ok" and reasonable["status"] == "ok":
        notes.append(f"closure sizes: owlrl {owlrl['closure_triples']:,}, reasonable {reasonable['closure_triples']:,}")
    if owlrl and owlrl["status"] == "skipped":
        notes.append(owlrl["note"])
    refused = stores["oxigraph:PATH"].get("load_data_option", {})
    if refused.get("status") == "error":
        notes.append(f"load --data: {refused['note']}")
    return notes


def _machine() -> dict:
    memory = None
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            memory = round(int(info.readline().split()[1]) / 2**20, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {"platform": platform.platform(), "processor": platform.processor() or platform.machine(),
            "cpus": os.cpu_count(), "memory_gb": memory, "python": sys.version.split()[0],
            "load_average_start": os.getloadavg()}


def _versions() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


if __name__ == "__main__":
    sys.exit(main())
