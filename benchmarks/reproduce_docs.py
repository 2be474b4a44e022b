"""Write the ``skpapers reproduce`` tables that the user guide shows.

Usage::

    python benchmarks/reproduce_docs.py auc_imbalance nb_vs_lr presto [--quick]
    python benchmarks/reproduce_docs.py nb_vs_lr presto --reformat

For each named experiment: run it at full size with seed 0, exactly as
``skpapers reproduce NAME`` does, and write
``docs/user_guide/<name>_reproduce.inc``: a text block holding what the
command prints for its tables and the paper's claims
(:func:`skpapers.cli.format_results`, the function the command uses), under
two lines naming the command, then the size, the seed and the time taken.
Lines are at most ``DOC_WIDTH`` characters (the guide's code blocks show
about 71; wider ones scroll, hiding the paper's claim). A guide page
includes the file, so its table cannot drift from the CLI's. ``--reformat``
rewrites the block of a ``SLOW`` experiment from its stored results,
keeping the recorded header (no re-run).

Experiments too slow to re-run inside the tests (``SLOW``) also store their
results as ``docs/user_guide/<name>_reproduce.csv.gz``;
``tests/test_docs_tables.py`` checks that each ``.inc`` is what
``format_results`` gives today, from a fresh run or from the stored results.
"""

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from skpapers.cli import format_results
from skpapers.utils.discovery import all_experiments

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "user_guide"
#: experiments whose full run takes more than a few seconds: results stored
SLOW = ("nb_vs_lr", "presto")
INDENT = "   "
#: longest line of a guide's block
DOC_WIDTH = 70


def inc_path(name):
    """The include file of an experiment's tables."""
    return GUIDE / f"{name}_reproduce.inc"


def results_path(name):
    """The stored results of a slow experiment (read back by the tests)."""
    return GUIDE / f"{name}_reproduce.csv.gz"


def inc_text(header, body):
    """A ``code-block:: text`` holding the ``header`` lines, a blank line,
    then ``body``; lines stripped."""
    lines = list(header) + [""] + body.splitlines()
    block = "\n".join((INDENT + line).rstrip() for line in lines)
    return f".. code-block:: text\n\n{block}\n"


def inc_header(text):
    """The header lines of an ``.inc`` file (``inc_text``'s ``header``)."""
    lines = text.splitlines()[2:]  # after the directive and a blank line
    return [line[len(INDENT):] for line in lines[: lines.index("")]]


def inc_body(text):
    """The printed tables of an ``.inc`` file (``inc_text``'s ``body``), lines stripped."""
    lines = text.splitlines()[2:]
    lines = lines[lines.index("") + 1:]  # after the header and its blank line
    return "\n".join(line[len(INDENT):].rstrip() for line in lines)


def format_for_docs(module, results):
    """What ``skpapers reproduce`` prints, at the guide's width."""
    return format_results(module, results, width=DOC_WIDTH)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="+", help="experiment names (skpapers list)")
    parser.add_argument("--quick", action="store_true",
                        help="the --quick size (to try the script; not for the docs)")
    parser.add_argument("--reformat", action="store_true",
                        help="rewrite SLOW experiments' blocks from their stored results")
    args = parser.parse_args(argv)
    experiments = all_experiments()
    for name in args.names:
        module = experiments[name]
        if args.reformat:
            if name not in SLOW:
                parser.error(f"--reformat needs stored results; {name} is not in SLOW")
            header = inc_header(inc_path(name).read_text())
            results = pd.read_csv(results_path(name))
            inc_path(name).write_text(inc_text(header, format_for_docs(module, results)))
            continue
        wall, cpu = time.perf_counter(), time.process_time()
        results = module.run(quick=args.quick, random_state=0)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = "--quick" if args.quick else "full size"
        command = f"skpapers reproduce {name}{' --quick' if args.quick else ''}"
        header = [f"$ {command}",
                  f"({size}, seed 0; {wall:.1f} s wall, {cpu:.1f} s CPU, 2 shared cores)"]
        if name in SLOW:
            results.to_csv(results_path(name), index=False)
        inc_path(name).write_text(inc_text(header, format_for_docs(module, results)))
        print(f"{name}: wrote {inc_path(name)} ({wall:.1f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
