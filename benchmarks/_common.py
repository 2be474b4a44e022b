"""Helpers shared by the benchmark scripts: timing, peak memory, progress, tables.

Progress: every case reports one line on standard error when it ends
(``done: <case> (<wall> s, CPU <cpu> s)``), so a long run shows where it is
while the table prints once, at the end, on standard output. Wrap a block in
``with case(label):`` or a loop in ``for x in each_case(xs, label_of):``.
"""

import argparse
import gc
import sys
import time
import tracemalloc
from contextlib import contextmanager

import numpy as np

SIZES = ("smoke", "small", "full")


def parse_size(description):
    """Parse ``--size`` (and ``--repeat``) from the command line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--repeat", type=int, default=None, help="timing repeats")
    return parser.parse_args()


def timeit(func, repeat=3):
    """Median wall time of ``func()`` over ``repeat`` runs, and its last result."""
    times = []
    result = None
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def peak_memory(func):
    """Peak Python-tracked memory (MiB) allocated while running ``func()``.

    Counts NumPy buffers (they are traced by tracemalloc) but not memory held
    by native libraries that bypass Python's allocator.
    """
    gc.collect()
    tracemalloc.start()
    try:
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def report_case(label, seconds, cpu_seconds=None):
    """One progress line on stderr when a case ends (the table prints once, at the end).

    ``cpu_seconds`` is this process's CPU time (workers of joblib not counted).
    """
    cpu = "" if cpu_seconds is None else f", CPU {cpu_seconds:.1f} s"
    print(f"  done: {label} ({seconds:.1f} s{cpu})", file=sys.stderr, flush=True)


@contextmanager
def case(label):
    """Time the block and report it with :func:`report_case` when it ends."""
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    report_case(label, time.perf_counter() - wall, time.process_time() - cpu)


def each_case(items, label=str):
    """Yield ``items``; each one's loop body is a :func:`case` named ``label(item)``."""
    for item in items:
        with case(label(item)):
            yield item


def print_table(rows, columns):
    """Print ``rows`` (list of dicts) as an aligned text table."""
    widths = {
        c: max(len(c), *(len(_fmt(r.get(c, ""))) for r in rows)) if rows else len(c)
        for c in columns
    }
    print("  ".join(c.rjust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(_fmt(row.get(c, "")).rjust(widths[c]) for c in columns))


def rst_simple_table(head, rows):
    """``head`` and ``rows`` (lists of strings) as a reStructuredText simple table."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    rule = "  ".join("=" * w for w in widths)

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return "\n".join([rule, line(head), rule, *map(line, rows), rule]) + "\n"


def _fmt(value):
    if isinstance(value, float):
        if value == 0 or 1e-3 <= abs(value) < 1e5:
            return f"{value:.4g}"
        return f"{value:.3e}"
    return str(value)
