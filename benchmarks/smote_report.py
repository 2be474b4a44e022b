"""The SMOTE user guide's results tables and figure, made from saved runs.

Reads ``RUNS/seed<k>.csv`` (written by ``benchmarks/smote_full_runs.py``: one
full run of :func:`skpapers.experiments.smote.run` per seed) and writes, next
to the user guide,

- ``smote_auc.inc``: per data set and family, AUC x 10^4 (the paper's rule)
  as mean +- sd over the seeds beside the paper's Table 3, and the family's
  points on the ROC convex hull per seed (all naive Bayes priors, and only
  the paper's range of priors);
- ``smote_gains.inc``: SMOTE minus under-sampling alone, paired by seed;
- ``smote_hull.inc``: hull points of each approach (all SMOTE amounts
  together) per seed, with all naive Bayes priors and the paper's range;
- ``smote_pima_gains.inc`` (with ``--pima-runs``): the paired gains on Pima
  over more seeds;
- ``smote_full.png``: :func:`skpapers.experiments.smote.plot` of one seed.

Usage: ``python benchmarks/smote_report.py --runs docs/user_guide/smote_runs
--out docs/user_guide --figure-seed 0``.
"""

import argparse
import re
from pathlib import Path

import pandas as pd

from skpapers.experiments import _smote_seeds as seeds
from skpapers.experiments import smote as exp


def load_runs(folder):
    """Seed -> results DataFrame, from ``folder/seed<k>.csv``, by seed."""
    runs = {int(re.fullmatch(r"seed(\d+)", path.stem).group(1)): pd.read_csv(path)
            for path in folder.glob("seed*.csv")}
    if not runs:
        raise SystemExit(f"no seed<k>.csv in {folder}")
    return dict(sorted(runs.items()))


def list_table(header, rows, widths=None):
    """An RST list-table; empty cells stay empty."""
    lines = [".. list-table::", "   :header-rows: 1"]
    if widths:
        lines.append("   :widths: " + " ".join(map(str, widths)))
    lines.append("")
    for row in [header, *rows]:
        for i, cell in enumerate(row):
            text = str(cell).strip()
            lines.append(("   * - " if i == 0 else "     - ") + text if text
                         else ("   * -" if i == 0 else "     -"))
    return "\n".join(lines) + "\n"


def _signed(value):
    return "" if pd.isna(value) else f"{value:+.0f}"


def _seeds_text(values):
    return " / ".join(str(v) for v in values)


def _hull_text(owners):
    points = sorted(set(owners["points"]))
    of = f"of {points[0]}" if len(points) == 1 else f"of {points[0]}-{points[-1]}"
    return f"{_seeds_text(owners['per_seed'])} ({of})"


def auc_rows(table, table_paper_nb):
    seed_list = sorted(table["seed"].unique())
    summary = seeds.auc_over_seeds(table)
    hull = seeds.hull_owners(table)
    hull_paper_nb = seeds.hull_owners(table_paper_nb)
    rows, last = [], None
    for (dataset, family), row in summary.iterrows():
        auc = f"{row['mean']:.0f} ± {row['sd']:.0f}"
        if row["measure"] != "raw-data point":
            auc += " [from (0, 0)]"
        rows.append([
            dataset if dataset != last else "", family, auc,
            "" if pd.isna(row["paper"]) else f"{row['paper']:.0f}",
            _signed(row["mean - paper"]),
            _hull_text(hull.loc[(dataset, family)]),
            _hull_text(hull_paper_nb.loc[(dataset, family)]),
        ])
        last = dataset
    header = ["data set", "family", "AUC x 10^4, mean ± sd", "paper (Table 3)",
              "mean - paper",
              f"points on the hull, seeds {_seeds_text(seed_list)} (distinct points)",
              "on the hull with the paper's NB priors"]
    return header, rows


def hull_rows(table, table_paper_nb):
    seed_list = sorted(table["seed"].unique())
    owners = seeds.hull_by_approach(table)
    paper_nb = seeds.hull_by_approach(table_paper_nb)
    rows, last = [], None
    for (dataset, name), row in owners.iterrows():
        other = paper_nb.loc[(dataset, name)]
        rows.append([
            dataset if dataset != last else "", name,
            f"{_seeds_text(row['per_seed'])} ({row['share']:.0%})",
            f"{row['most']} of {len(seed_list)}",
            f"{_seeds_text(other['per_seed'])} ({other['share']:.0%})",
            f"{other['most']} of {len(seed_list)}",
        ])
        last = dataset
    header = ["data set", "approach",
              f"hull points, seeds {_seeds_text(seed_list)} (share)", "most points",
              "with the paper's NB priors", "most points"]
    return header, rows


def gain_rows(table):
    gains = seeds.paired_gains(table)
    rows, last = [], None
    for (dataset, family), row in gains.iterrows():
        rows.append([
            dataset if dataset != last else "", family,
            _seeds_text(f"{v:+.0f}" for v in row["per_seed"]),
            f"{row['mean']:+.0f} ± {row['sd']:.0f}",
            f"[{row['ci_low']:+.0f}, {row['ci_high']:+.0f}]",
            f"{row['leads']} of {row['n_seeds']}"
            + (f" ({row['ties']} tied)" if row["ties"] else ""),
            f"{row['sign_p']:.3g}", f"{row['t_p']:.3g}", _signed(row["paper"]),
        ])
        last = dataset
    header = ["data set", "family", "SMOTE - Under per seed", "mean ± sd",
              "95 % t-interval", "SMOTE ahead", "sign test p", "t-test p",
              "paper"]
    return header, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=Path("docs/user_guide/smote_runs"))
    parser.add_argument("--out", type=Path, default=Path("docs/user_guide"))
    parser.add_argument("--figure-seed", type=int, default=0)
    parser.add_argument("--pima-runs", type=Path, default=None,
                        help="more seeds of Pima alone (seed<k>.csv): with the Pima "
                             "rows of --runs they give smote_pima_gains.inc")
    args = parser.parse_args()
    runs = load_runs(args.runs)
    table = seeds.per_seed(runs)
    table_paper_nb = seeds.per_seed({s: seeds.paper_nb_priors(r) for s, r in runs.items()})
    note = (f".. generated by benchmarks/smote_report.py from {len(runs)} seeds "
            f"({', '.join(map(str, runs))}); do not edit\n\n")
    (args.out / "smote_auc.inc").write_text(note + list_table(*auc_rows(table, table_paper_nb)))
    (args.out / "smote_gains.inc").write_text(note + list_table(*gain_rows(table)))
    (args.out / "smote_hull.inc").write_text(
        note + list_table(*hull_rows(table, table_paper_nb)))
    if args.pima_runs is not None:
        more = load_runs(args.pima_runs)
        pima = {s: r[r["dataset"] == "Pima"] for s, r in {**runs, **more}.items()}
        pima_table = seeds.per_seed(dict(sorted(pima.items())))
        pima_note = (f".. generated by benchmarks/smote_report.py from {len(pima)} seeds "
                     f"of Pima ({min(pima)}-{max(pima)}); do not edit\n\n")
        (args.out / "smote_pima_gains.inc").write_text(
            pima_note + list_table(*gain_rows(pima_table)))
        print(seeds.auc_over_seeds(pima_table).round(1).to_string())
        print(seeds.paired_gains(pima_table).drop(columns="per_seed").round(3).to_string())
        print(seeds.paired_gains(pima_table)["per_seed"].to_string())
    print(seeds.auc_over_seeds(table).round(1).to_string())
    print(seeds.paired_gains(table).drop(columns="per_seed").round(3).to_string())
    print(seeds.hull_by_approach(table).to_string())
    print(seeds.hull_by_approach(table_paper_nb).to_string())

    import matplotlib

    matplotlib.use("Agg")
    fig = exp.plot(runs[args.figure_seed])
    fig.savefig(args.out / "smote_full.png", dpi=90)
    print(f"wrote {args.out}/smote_auc.inc, smote_gains.inc, smote_hull.inc, smote_full.png "
          f"(figure: seed {args.figure_seed})")


if __name__ == "__main__":
    main()
