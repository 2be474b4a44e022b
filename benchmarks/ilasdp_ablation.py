"""The iLA-SDP ablation of the user guide: run it in parts, then write its tables.

``run`` fits the named configurations of
:data:`skpapers.experiments.ilasdp.ABLATION_CONFIGS` (from the starts
``--starts``, by default every kind of ``ABLATION_STARTS``: k-means, SDP and 4
random starts; the small sizes of ``SETTINGS``) seed by seed, every setting per
seed, appending the rows of each ``(seed, setting)`` to a CSV as it goes (so a
stopped run keeps what it did, and a restart skips it). The rows are those of
one :func:`~skpapers.experiments.ilasdp.ablation` call with the same
arguments: every fit is seeded on its own.

``docs`` reads the CSVs and writes the user guide's ``.inc`` tables, the
compact results file and the figure ``ilasdp_full.png``.

Usage::

    python benchmarks/ilasdp_ablation.py run OUT.csv --seeds 0-19 --rivals \\
        --configs "ILASDP default" "spectral rounding"
    python benchmarks/ilasdp_ablation.py docs --results A.csv B.csv \\
        --heldout H.csv --out docs/user_guide
"""

import argparse
import os
import time
from pathlib import Path

import pandas as pd

from skpapers.experiments import ilasdp as exp

KEYS = ["config", "setting", "seed", "start", "start_seed"]


def _seeds(text):
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def read_results(paths):
    """The rows of several CSVs, each fit once (a resumed run may repeat one)."""
    frames = [pd.read_csv(p) for p in paths if os.path.exists(p)]
    return pd.concat(frames, ignore_index=True).drop_duplicates(KEYS)


def cmd_run(args):
    done = read_results([args.out]) if os.path.exists(args.out) else None
    have = set() if done is None else set(zip(done["config"], done["setting"], done["seed"]))
    configs = args.configs or list(exp.ABLATION_CONFIGS)
    t_all = time.process_time()
    for seed in _seeds(args.seeds):
        for setting in exp.SETTINGS:
            todo = [c for c in configs if (c, setting, seed) not in have]
            if not todo:
                continue
            t0 = time.process_time()
            rows = exp.ablation(
                {c: exp.ABLATION_CONFIGS[c] for c in todo}, settings=[setting],
                seeds=[seed], size="quick", n_random=args.n_random,
                starts=tuple(args.starts), rivals=args.rivals,
            )
            rows.to_csv(args.out, mode="a", header=not os.path.exists(args.out),
                        index=False)
            print(f"seed {seed} {setting}: {time.process_time() - t0:.1f} s CPU "
                  f"(total {time.process_time() - t_all:.0f} s)", flush=True)


def _code_block(frame, index=True):
    text = frame.to_string(index=index)
    return ".. code-block:: text\n\n" + "\n".join("   " + line for line in text.splitlines()) + "\n"


def versus(results, baseline="previous default"):
    """Each configuration against ``baseline``, paired per data set, on the
    error from the k-means start, from the SDP start (where both ran it), from
    random starts, and the spread over random starts."""
    rows = []
    for config in dict.fromkeys(results["config"]):
        if config in exp.RIVALS or config == baseline:
            continue
        for measure in ("err_k-means++", "err_sdp", "err_random", "spread_random"):
            try:
                row = exp.paired_difference(results, config, baseline, measure)
            except ValueError:  # a kind of start that one of the two did not run
                continue
            rows.append({"config": config, "measure": measure, **row})
    table = pd.DataFrame(rows).set_index(["config", "measure"])
    return table.round({"mean_diff": 4, "ci_low": 4, "ci_high": 4, "p_sign": 4})


def cmd_docs(args):
    out = Path(args.out)
    results = read_results(args.results)
    compact = results.round({"error": 6, "time_s": 3})
    compact.to_csv(out / "ilasdp_ablation_results.csv.gz", index=False)
    (out / "cluster_ablation.inc").write_text(_code_block(exp.claims_table(results)))
    (out / "cluster_paired.inc").write_text(_code_block(exp.paired_comparison(results)))
    (out / "cluster_vs_previous.inc").write_text(_code_block(versus(results)))
    (out / "cluster_sdp_start.inc").write_text(
        _code_block(exp.start_comparison(results, "sdp")))
    if args.heldout:
        heldout = read_results(args.heldout)
        heldout.round({"error": 6, "time_s": 3}).to_csv(
            out / "ilasdp_heldout_results.csv.gz", index=False)
        (out / "cluster_heldout.inc").write_text(
            _code_block(exp.claims_table(heldout)) + "\n"
            + _code_block(exp.paired_comparison(heldout)) + "\n"
            + _code_block(versus(heldout)))
    import matplotlib

    matplotlib.use("Agg")
    fig = exp.plot(results)
    fig.savefig(out / "ilasdp_full.png", dpi=90, bbox_inches="tight")
    print(f"wrote the tables and the figure to {out}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("out")
    run.add_argument("--seeds", default="0-19", help="first-last data seeds")
    run.add_argument("--configs", nargs="*", help="ABLATION_CONFIGS names (default all)")
    run.add_argument("--rivals", action="store_true", help="also K-means, SDPKMeans, EM")
    run.add_argument("--n-random", type=int, default=exp.N_RANDOM)
    run.add_argument("--starts", nargs="+", default=list(exp.ABLATION_STARTS),
                     choices=exp.ABLATION_STARTS,
                     help="kinds of start (ILASDP's init; default all of ABLATION_STARTS)")
    docs = sub.add_parser("docs")
    docs.add_argument("--results", nargs="+", required=True)
    docs.add_argument("--heldout", nargs="*")
    docs.add_argument("--out", default="docs/user_guide")
    args = parser.parse_args()
    {"run": cmd_run, "docs": cmd_docs}[args.command](args)


if __name__ == "__main__":
    main()
