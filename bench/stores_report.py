"""The store benchmark's figures as a table for people, and its targets judged met or not met.

A ratio is the reference's seconds over the store's: how many times faster the store is. When the
reference timed out, its deadline is a lower bound and so is the ratio ("> 40x").
"""

from __future__ import annotations

from collections.abc import Iterator

REFERENCE = "memory"
STORES = ("memory", "oxigraph", "oxigraph:PATH")

#: What each target demands; judged at the largest scale measured (1M when it was run).
QUERY_SECONDS = 1.0
QUERY_SPEEDUP = 20.0
LOAD_SECONDS = 15.0
CLOSURE_SECONDS = 60.0
VALIDATION_SECONDS = 60.0
VALIDATION_TRIPLES = 100_000
#: "Exports in seconds", read as under ten seconds.
EXPORT_SECONDS = 10.0


def shown(figure: dict | None) -> str:
    """Seconds as a cell: "0.123", "> 120" when timed out, "-" when skipped, "error" when it failed."""
    if not figure:
        return "-"
    if figure["status"] == "ok":
        seconds = figure["seconds"]
        return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"
    if figure["status"] == "timeout":
        return f"> {figure['at_least']:g}"
    return "-" if figure["status"] == "skipped" else "error"


def ratio(reference: dict | None, figure: dict | None) -> tuple[float | None, bool]:
    """(reference seconds / figure seconds, whether it is only a lower bound); None when unknown."""
    if not reference or not figure or figure["status"] != "ok" or figure["seconds"] <= 0:
        return None, False
    if reference["status"] == "ok":
        return reference["seconds"] / figure["seconds"], False
    if reference["status"] == "timeout":
        return reference["at_least"] / figure["seconds"], True
    return None, False


def shown_ratio(reference: dict | None, figure: dict | None) -> str:
    value, lower_bound = ratio(reference, figure)
    if value is None:
        return ""
    return f"{'> ' if lower_bound else ''}{value:.1f}x"


def rows(scale: dict) -> Iterator[tuple[str, dict]]:
    """(label, {store: figure}) for each line of one scale's table."""
    stores = scale["stores"]
    yield "load", {name: stores[name]["load"] for name in STORES}
    yield "open (read-only)", {"oxigraph:PATH": stores["oxigraph:PATH"].get("open")}
    yield "load --data (guarded door)", {"oxigraph:PATH": stores["oxigraph:PATH"].get("load_data_option")}
    for name in stores[REFERENCE]["queries"]:
        yield f"query {name}", {store: stores[store]["queries"].get(name) for store in STORES}
    for name in stores["oxigraph"]["export"]:
        yield f"export {name}", {store: stores[store]["export"].get(name) for store in STORES}
    closure = scale["closure"]
    yield "OWL RL closure (owlrl | reasonable)", {"memory": closure["owlrl"], "oxigraph": closure["reasonable"]}


def print_scale(scale: dict) -> None:
    print(f"\n== {scale['label']}: {scale['triples']:,} triples "
          f"(rdflib holder peak {scale['reference_peak_rss_mb']} MB)")
    print(f"  {'':<44} {'memory':>9} {'oxigraph':>9} {'ratio':>9} {'ox:PATH':>9} {'ratio':>9}")
    for label, figures in rows(scale):
        reference = figures.get(REFERENCE)
        memory_cell = shown(reference) if REFERENCE in figures else ""
        print(f"  {label[:44]:<44} {memory_cell:>9} {_cell(figures, 'oxigraph'):>9} "
              f"{shown_ratio(reference, figures.get('oxigraph')):>9} {_cell(figures, 'oxigraph:PATH'):>9} "
              f"{shown_ratio(reference, figures.get('oxigraph:PATH')):>9}")
    for note in scale["notes"]:
        print(f"  note: {note}")


def _cell(figures: dict, store: str) -> str:
    return shown(figures[store]) if store in figures else ""


def print_validation(validation: list[dict]) -> None:
    print("\n== validation (nj-graph validate, guarded, end to end)")
    for entry in validation:
        extra = (f"{entry['findings']} finding(s), conforms: {entry['conforms']}" if entry["status"] == "ok"
                 else entry.get("note", ""))
        print(f"  {entry['triples']:>9,} triples {shown(entry):>9} s  {extra}")


def judge(scales: list[dict], validation: list[dict]) -> list[dict]:
    """Each target with the figure it is judged on and whether it is met (None: not measured)."""
    synthetic = [s for s in scales if s["synthetic"]]
    if not synthetic:
        return []
    largest = max(synthetic, key=lambda s: s["triples"])
    where = f"at {largest['label']}" + ("" if largest["requested"] >= 1_000_000 else " (1M was not run)")
    disk = largest["stores"]["oxigraph:PATH"]
    reference = largest["stores"][REFERENCE]
    targets = [_under(f"oxigraph:PATH loads in under {LOAD_SECONDS:g} s {where}", disk["load"], LOAD_SECONDS)]
    slow = {n: f for n, f in disk["queries"].items() if f["status"] != "ok" or f["seconds"] >= QUERY_SECONDS}
    slowest = max(disk["queries"].items(), key=lambda item: item[1]["seconds"] or item[1].get("at_least") or 0)
    targets.append({"target": f"every stored query under {QUERY_SECONDS:g} s on oxigraph:PATH {where}",
                    "met": not slow, "figure": f"slowest {slowest[0]} {shown(slowest[1])} s; "
                    f"over: {', '.join(f'{n} ({shown(f)} s)' for n, f in slow.items()) or 'none'}"})
    speedups = {n: ratio(reference["queries"].get(n), f) for n, f in disk["queries"].items()}
    unproven = [n for n, (value, bound) in speedups.items() if value is None or value < QUERY_SPEEDUP]
    below = [n for n in unproven if speedups[n][0] is not None and not speedups[n][1]]
    least = min((v for v in speedups.values() if v[0] is not None), default=(None, False))
    targets.append({"target": f"every stored query at least {QUERY_SPEEDUP:g}x faster than rdflib {where}",
                    "met": False if below else (True if not unproven else None),
                    "figure": f"least {'> ' if least[1] else ''}{least[0] or 0:.1f}x; below: {', '.join(below) or 'none'}"
                    + (f"; undetermined (reference deadline too short or no figure): "
                       f"{', '.join(n for n in unproven if n not in below)}" if set(unproven) - set(below) else "")})
    targets.append(_under(f"OWL RL closure (reasonable) under {CLOSURE_SECONDS:g} s {where}",
                          largest["closure"]["reasonable"], CLOSURE_SECONDS))
    for name in ("ntriples", "turtle"):
        targets.append(_under(f"export {name} from oxigraph:PATH under {EXPORT_SECONDS:g} s {where}",
                              disk["export"][name], EXPORT_SECONDS))
    for entry in validation:
        if entry["requested"] == VALIDATION_TRIPLES:
            targets.append(_under(f"validating a {entry['triples']:,}-triple contribution under "
                                  f"{VALIDATION_SECONDS:g} s", entry, VALIDATION_SECONDS))
    return targets


def _under(target: str, figure: dict, limit: float) -> dict:
    if figure["status"] == "ok":
        met = figure["seconds"] < limit
    else:  # a timeout below the limit is only a lower bound: it says nothing either way
        met = False if figure["status"] == "timeout" and figure["at_least"] >= limit else None
    return {"target": target, "met": met, "figure": f"{shown(figure)} s"}


def print_targets(targets: list[dict]) -> None:
    print("\n== targets")
    for target in targets:
        verdict = {True: "met", False: "NOT met", None: "not measured"}[target["met"]]
        print(f"  {verdict:<13} {target['target']}: {target['figure']}")
