"""`nj-graph serve` under a bounded concurrent load on loopback, beside `oxigraph serve-read-only`.

    .venv/bin/python -m bench.bench_serve                  # 16 clients x 200 queries on each server
    .venv/bin/python -m bench.bench_serve --clients 8 --queries 100

Both servers hold the shipped ontology and data; each client sends the stored queries without
parameters, in turn, as the same SPARQL text to each server's endpoint (JSON results), over one
kept-alive connection. Reported per server: throughput, p50 and p99 latency, errors. While
nj-graph serve is under that load, one more client sends a runaway query (a cartesian product);
the time until it is refused (504) is reported beside the server's `--timeout`. The clients run in
this process, so on a small machine they compete with the servers for CPU: the figures compare the
two servers under the same load, they are not either server's ceiling. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the loopback server helpers the tests use

import serving  # noqa: E402
import triplestores  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def stored_texts() -> list[tuple[str, str]]:
    from nj_graph.query.catalogue import list_queries

    return [(q.name, q.text) for q in list_queries() if not q.params]


def load(url: str, queries: list[tuple[str, str]], clients: int, per_client: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine, failed = [], []
        with httpx.Client(timeout=60, headers={"Accept": "application/sparql-results+json"}) as http:
            for i in range(per_client):
                name, text = queries[(offset + i) % len(queries)]
                start = time.perf_counter()
                try:
                    response = http.post(url, data={"query": text})
                    ok = response.status_code == 200 and "results" in response.json()
                except (httpx.HTTPError, ValueError) as error:
                    ok, response = False, error
                mine.append(time.perf_counter() - start)
                if not ok:
                    failed.append(f"{name}: {getattr(response, 'status_code', response)}")
        with lock:
            latencies.extend(mine)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(latencies), "seconds": elapsed, "throughput": len(latencies) / elapsed,
            "p50": statistics.median(latencies) * 1000,
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
            "errors": errors}


def runaway_during(url: str, result: dict) -> threading.Thread:
    def send() -> None:
        time.sleep(0.5)  # once the load is under way
        start = time.perf_counter()
        response = httpx.post(url, data={"query": RUNAWAY}, timeout=120)
        result.update(status=response.status_code, seconds=time.perf_counter() - start)

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def show(name: str, figures: dict) -> None:
    print(f"{name:26} {figures['requests']:6d} queries in {figures['seconds']:6.2f} s: "
          f"{figures['throughput']:7.1f}/s  p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:6.1f} ms  "
          f"errors {len(figures['errors'])}")
    for error in figures["errors"][:5]:
        print(f"    {error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--queries", type=int, default=200, help="queries per client")
    parser.add_argument("--timeout", type=float, default=5.0, help="nj-graph serve --timeout")
    parser.add_argument("--workers", type=int, default=None, help="nj-graph serve --workers")
    args = parser.parse_args()
    queries = stored_texts()
    files = [ROOT / "ontology" / "nj.ttl", *sorted((ROOT / "data").glob("*.ttl"))]
    print(f"{args.clients} clients x {args.queries} queries; {len(queries)} stored queries without parameters")
    options = ["--timeout", str(args.timeout), "--rate-limit", "0", "--no-access-log"]
    options += ["--workers", str(args.workers)] if args.workers else []
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        (folder / "ox").mkdir()
        (folder / "nj").mkdir()
        with triplestores.oxigraph_read_only(folder / "ox", files) as oxigraph:
            load(oxigraph.query_url, queries, 2, 10)  # warm up
            ox_figures = load(oxigraph.query_url, queries, args.clients, args.queries)
        with serving.nj_graph_server(folder / "nj", *options) as server:
            load(server.sparql_url, queries, 2, 10)
            runaway: dict = {}
            thread = runaway_during(server.sparql_url, runaway)
            nj_figures = load(server.sparql_url, queries, args.clients, args.queries)
            thread.join()
    show("oxigraph serve-read-only", ox_figures)
    show("nj-graph serve", nj_figures)
    print(f"throughput ratio (nj-graph / oxigraph): {nj_figures['throughput'] / ox_figures['throughput']:.2f}")
    print(f"runaway query under load: {runaway.get('status')} after {runaway.get('seconds', 0):.2f} s "
          f"(--timeout {args.timeout:g} s)")
    return 0 if not nj_figures["errors"] and runaway.get("status") == 504 else 1


if __name__ == "__main__":
    sys.exit(main())
