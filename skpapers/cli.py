"""The ``skpapers`` command line: list, reproduce and benchmark the papers.

Usage::

    skpapers list
    skpapers reproduce [NAME ...] [--quick] [--out DIR] [--seed N]
    skpapers bench NAME [--size {smoke,small,full}]

``reproduce`` with no name (or ``all``) runs every paper's experiment. Both
commands take the experiment names of ``skpapers list``; the benchmark areas'
names ``metrics``, ``nb`` and ``cluster`` are aliases of ``auc_imbalance``,
``nb_vs_lr`` and ``ilasdp``.
"""

import argparse
import sys
import textwrap
import time
from collections.abc import Mapping
from pathlib import Path

from skpapers.utils._progress import progress, write
from skpapers.utils.discovery import all_experiments

BENCH_SIZES = ("smoke", "small", "full")


def _print(*args):
    write(" ".join(str(a) for a in args))


def _cmd_list(args):
    experiments = all_experiments()
    if not experiments:
        _print("No experiments are installed.")
        return 0
    width = max(len(name) for name in experiments)
    for name, module in experiments.items():
        _print(f"{name:<{width}}  {module.TITLE}")
        _print(f"{'':<{width}}  provides: {module.PROVIDES}")
    aliases = ", ".join(f"{alias} = {name}" for alias, name in ALIASES.items())
    _print(f"aliases (reproduce and bench): {aliases}")
    return 0


# One set of names for `reproduce` and `bench`: the experiment names. The
# benchmark areas' older names are kept as aliases in both commands.
ALIASES = {"metrics": "auc_imbalance", "nb": "nb_vs_lr", "cluster": "ilasdp"}
# experiment name -> benchmarks/bench_<file>.py, where the file name differs
_BENCH_FILES = {name: alias for alias, name in ALIASES.items()}


def canonical_name(name):
    """The experiment name of ``name`` (an experiment name or an alias)."""
    return ALIASES.get(name, name)


def _resolve_names(names, experiments):
    if not names or names == ["all"]:
        return list(experiments)
    names = [canonical_name(name) for name in names]
    unknown = [name for name in names if name not in experiments]
    if unknown:
        raise SystemExit(
            f"skpapers reproduce: unknown experiment(s) {unknown}; "
            f"choose from {sorted(experiments)} or 'all' "
            f"(aliases: {', '.join(f'{a}={n}' for a, n in ALIASES.items())})."
        )
    return names


def paper_claims(module):
    """The paper's figures or claims of an experiment module, by table.

    Parameters
    ----------
    module : module
        An experiment module. Its optional ``PAPER_CLAIM`` is a string, a
        list of strings, or a dict mapping a table title of ``summarize``
        (``None``: after all tables) to a string or a list of strings; each
        string starts with its source in the paper, e.g. ``"Paper (Table 3):
        ..."``.

    Returns
    -------
    claims : dict of str or None -> list of str
        ``{}`` when the module states no claim.
    """
    claim = getattr(module, "PAPER_CLAIM", None)
    if not claim:
        return {}
    if not isinstance(claim, Mapping):
        claim = {None: claim}
    return {title: [text] if isinstance(text, str) else list(text)
            for title, text in claim.items()}


#: printed lines are at most this long: tables wider than this continue in
#: blocks of columns below (pandas' "\\" wrapping), claims wrap at words
WIDTH = 110


def _wrap_claims(texts, width=WIDTH):
    return [textwrap.fill(text, width=width, initial_indent="  ",
                          subsequent_indent="    ", break_on_hyphens=False)
            for text in texts]


def _meaningful_index(frame):
    """False for a plain 0..n-1 row count, which only adds noise to a table."""
    import pandas as pd

    return not (isinstance(frame.index, pd.RangeIndex) and frame.index.name is None)


def _leading_labels(frame):
    """The leading text columns of a table: what names its rows."""
    import pandas as pd

    labels = []
    for column in frame.columns:
        if not (pd.api.types.is_object_dtype(frame[column])
                or pd.api.types.is_string_dtype(frame[column])):
            break
        labels.append(column)
    return labels


def _table_text(frame, width=WIDTH):
    """A table as text, no line longer than ``width``.

    A wider table continues below in blocks of columns; its leading text
    columns then become the row labels, so that every block names its rows.
    """
    index = _meaningful_index(frame)
    text = frame.to_string(index=index, line_width=width)
    if not index and "\n\n" in text:  # wrapped into blocks of columns
        labels = _leading_labels(frame)
        if labels and len(labels) < frame.shape[1]:
            text = frame.set_index(labels).to_string(line_width=width)
    return text


def format_results(module, results, width=WIDTH):
    """The tables ``skpapers reproduce`` prints for an experiment's results.

    One function for the terminal and for the documentation, so that a table
    pasted in a user guide is exactly what the command prints.

    Parameters
    ----------
    module : module
        An experiment module (see :mod:`skpapers.experiments`); its
        ``summarize`` (when present) makes the tables, its ``PAPER_CLAIM``
        the paper's figures printed under them.
    results : pandas.DataFrame
        What the module's ``run`` returned (or its CSV read back).
    width : int, default=WIDTH
        Longest line, in characters (the documentation uses a narrower
        one than the terminal: its code blocks show about 71).

    Returns
    -------
    text : str
        Each table (titled ``-- <title>`` when ``summarize`` returns a dict)
        followed by the paper's claims for it; claims tied to no table
        come last. No line is longer than ``width`` characters: a
        wider table continues below in blocks of columns, as pandas prints
        it, so that it reads on a terminal and on a documentation page.

    Examples
    --------
    >>> from skpapers.cli import format_results
    >>> from skpapers.experiments import auc_imbalance
    >>> results = auc_imbalance.run(quick=True, n_steps=5)
    >>> text = format_results(auc_imbalance, results)
    >>> text.splitlines()[0].split()[:3]
    ['auroc_gain_hi', 'auroc_gain_lo', 'gap_gain']
    >>> "optimising AUPRC favours the high-prevalence group" in " ".join(text.split())
    True
    """
    import pandas as pd

    summarize = getattr(module, "summarize", None)
    table = summarize(results) if summarize is not None else results
    # summarize may return one table or {title: table}
    tables = table if isinstance(table, dict) else {None: table}
    # the paper's figures or claims: under their table, the rest at the end
    claims = paper_claims(module)
    lines = []
    with pd.option_context("display.max_columns", 20, "display.max_rows", 60):
        for title, frame in tables.items():
            if title is not None:
                lines.append(textwrap.fill(f"-- {title}", width=width,
                                           subsequent_indent="   "))
            lines.append(_table_text(frame, width))
            if title is not None:
                lines += _wrap_claims(claims.pop(title, []), width)
    for texts in claims.values():
        lines += _wrap_claims(texts, width)
    # no trailing blanks (pandas pads every cell)
    return "\n".join(line.rstrip() for line in "\n".join(lines).splitlines())


def _save_figure(module, results, out_dir, name):
    plot = getattr(module, "plot", None)
    if plot is None:
        return None
    try:
        import matplotlib

        matplotlib.use("Agg")
    except ImportError:
        _print("  (matplotlib is not installed: no figure saved)")
        return None
    import matplotlib.pyplot as plt

    fig = plot(results)
    if fig._suptitle is None:  # every saved figure names its paper
        from skpapers.utils._plotting import paper_title

        paper_title(fig, name)
        fig.tight_layout()
    path = out_dir / f"{name}.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def _cmd_reproduce(args):
    experiments = all_experiments()
    names = _resolve_names(args.names, experiments)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    status = 0
    # a bar over the papers on a terminal (tqdm installed); plain lines elsewhere
    for i, name in enumerate(progress(names, verbose=1, desc="papers"), 1):
        module = experiments[name]
        _print(textwrap.fill(f"== [{i}/{len(names)}] {name}: {module.TITLE}",
                             width=WIDTH, subsequent_indent="   "))
        start, cpu = time.perf_counter(), time.process_time()
        try:
            results = module.run(
                quick=args.quick, random_state=args.seed, verbose=args.verbose
            )
        except Exception as exc:  # report and go on with the other papers
            _print(f"  FAILED: {type(exc).__name__}: {exc}")
            status = 1
            continue
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        results.to_csv(out_dir / f"{name}.csv", index=False)
        _print(format_results(module, results))
        figure = _save_figure(module, results, out_dir, name)
        _print(f"  results: {out_dir / (name + '.csv')}")
        if figure is not None:
            _print(f"  figure:  {figure}")
        # CPU of this process: the wall time on an idle machine when the
        # experiment runs in one process (joblib workers are not counted)
        _print(f"  time:    {elapsed:.1f} s (CPU {cpu:.1f} s)")
    return status


def _benchmark_dir():
    here = Path(__file__).resolve().parent.parent / "benchmarks"
    return here if here.is_dir() else Path.cwd() / "benchmarks"


def _cmd_bench(args):
    bench_dir = _benchmark_dir()
    name = canonical_name(args.name)
    script = bench_dir / f"bench_{_BENCH_FILES.get(name, name)}.py"
    if not script.is_file():
        available = sorted(
            canonical_name(p.stem[len("bench_") :]) for p in bench_dir.glob("bench_*.py")
        )
        raise SystemExit(
            f"skpapers bench: no benchmark {args.name!r} in {bench_dir}; "
            f"available: {available}. Benchmarks run from a source checkout."
        )
    import subprocess

    _print(f"== bench {name} (size={args.size}); each case reports its time as it ends")
    start = time.perf_counter()
    status = subprocess.call([sys.executable, str(script), "--size", args.size])
    _print(f"  time:    {time.perf_counter() - start:.1f} s")
    return status


def build_parser():
    """Return the argument parser of the ``skpapers`` command."""
    parser = argparse.ArgumentParser(
        prog="skpapers",
        description="Reproduce and benchmark the papers implemented in skpapers.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("list", help="list the papers and what skpapers provides for each")

    rep = sub.add_parser("reproduce", help="run papers' headline experiments")
    rep.add_argument(
        "names", nargs="*",
        help="experiment names (see `skpapers list`), or 'all' (default)",
    )
    rep.add_argument("--quick", action="store_true", help="small settings, about a minute")
    rep.add_argument("--out", default="skpapers_results", help="output directory")
    rep.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    rep.add_argument("-v", "--verbose", action="count", default=0)

    bench = sub.add_parser("bench", help="time ours against the named peer")
    bench.add_argument(
        "name", help="experiment name, e.g. 'auc_imbalance' (alias 'metrics')"
    )
    bench.add_argument("--size", choices=BENCH_SIZES, default="small")
    return parser


def main(argv=None):
    """Entry point of the ``skpapers`` console script."""
    args = build_parser().parse_args(argv)
    handler = {"list": _cmd_list, "reproduce": _cmd_reproduce, "bench": _cmd_bench}
    return handler[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
