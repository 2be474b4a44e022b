"""Run the SMOTE experiment's full protocol for some seeds, one CSV per seed.

Each seed's raw operating points (``skpapers.experiments.smote.run(quick=False,
random_state=seed)``) go to ``OUT/seed<seed>.csv``; its CPU time (one BLAS
thread: the idle-machine proxy) and wall time are printed. The user guide's
tables and figure are made from these files by
``python benchmarks/smote_report.py --runs OUT``.

Usage: ``OMP_NUM_THREADS=1 python benchmarks/smote_full_runs.py --seeds 0 1 2 3 4
--out docs/user_guide/smote_runs``; Pima alone without RIPPER:
``--datasets Pima --no-ripper``.
"""

import argparse
import os
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from skpapers.experiments import smote


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--out", type=Path, default=Path("docs/user_guide/smote_runs"))
    parser.add_argument("--datasets", nargs="+", default=None,
                        help="data sets to run (default: all three)")
    parser.add_argument("--no-ripper", action="store_true", help="leave RIPPER out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for seed in args.seeds:
        cpu, wall = time.process_time(), time.perf_counter()
        with threadpool_limits(1):
            results = smote.run(quick=False, random_state=seed, verbose=1,
                                datasets=args.datasets,
                                ripper_datasets=() if args.no_ripper
                                else smote.RIPPER_DATASETS)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        path = args.out / f"seed{seed}.csv"
        results.to_csv(path, index=False, float_format="%.10g")
        print(f"seed {seed}: {len(results)} rows -> {path}; CPU {cpu:.0f} s, "
              f"wall {wall:.0f} s, load {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
