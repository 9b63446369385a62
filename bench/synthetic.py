"""Synthetic, valid data of any size in the project's vocabulary, for benchmarks of the validator,
the stores and the stored queries.

    python -m bench.synthetic --triples 1000000 -o /tmp/synthetic.nt   # to a file
    python -m bench.synthetic 10000 > /tmp/contribution.ttl             # to standard output

The data is a contribution: together with the shipped graph it passes `nj-graph validate` with no
findings at all, and every stored query finds rows in it (bench/synthetic_world.py says what it
holds). The output is N-Triples, which is also valid Turtle, written as it is generated; the same
size and seed always give the same bytes, and the triple count lands within a few triples of the
request (above it: the last fact is finished), except below about 900 triples, the size of the
resources every fact refers to.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path
from typing import TextIO

from bench.ntriples import TripleWriter
from bench.synthetic_world import SyntheticWorld


def write_synthetic(stream: TextIO, triples: int, *, seed: int = 0) -> int:
    """Write about `triples` triples of valid synthetic facts to `stream`; returns how many."""
    writer = TripleWriter(stream)
    SyntheticWorld(writer, triples, seed).write()
    writer.close()
    return writer.count


def synthetic_contribution(triples: int, *, seed: int = 0) -> str:
    """The text (N-Triples, hence Turtle) of about `triples` triples of valid facts."""
    out = io.StringIO()
    write_synthetic(out, triples, seed=seed)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("size", nargs="?", type=int, help="triples to generate (same as --triples)")
    parser.add_argument("-n", "--triples", type=int, help="triples to generate (default 10000)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (N-Triples; default standard output)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator (default 0)")
    args = parser.parse_args(argv)
    if args.size is not None and args.triples is not None and args.size != args.triples:
        parser.error("give the size once, as an argument or with --triples")
    triples = args.triples or args.size or 10_000
    started = time.perf_counter()
    if args.output is None:
        count = write_synthetic(sys.stdout, triples, seed=args.seed)
    else:
        with args.output.open("w", encoding="utf-8", newline="\n") as out:
            count = write_synthetic(out, triples, seed=args.seed)
    print(f"{count:,} triples in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
