"""PooledGaussianNB vs scikit-learn's GaussianNB and LogisticRegression.

Times fit and predict_proba at ``--size full`` (1e5 x 1000, the issue's
target: fit within 1.2x of GaussianNB), peak traced memory of fit, and the run
time of ``compare_learning_curves`` with ``n_jobs=1`` vs ``n_jobs=2``.
ratio = ours / peer (below 1: we are faster), or n_jobs=2 / n_jobs=1.
BLAS runs on one thread for every library (a per-core comparison that stays
meaningful on a shared machine, where threaded OpenBLAS stalls).
"""

import sys
import warnings
from pathlib import Path

from joblib import Parallel, delayed
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import case, parse_size, peak_memory, print_table, timeit  # noqa: E402

from skpapers.datasets import make_gaussian_mixture_classification  # noqa: E402
from skpapers.model_selection import compare_learning_curves  # noqa: E402
from skpapers.naive_bayes import PooledGaussianNB  # noqa: E402

SIZES = {
    # n_samples, n_features, learning-curve (n_samples, n_features, sizes, repeats)
    "smoke": (5_000, 100, (1_000, 10, [4, 16, 64], 2)),
    "small": (20_000, 500, (4_000, 50, [4, 16, 64, 256, 1024], 3)),
    "full": (100_000, 1_000, (20_000, 300, [6, 24, 96, 384, 1536, 6000], 4)),
}


def main():
    args = parse_size(__doc__.splitlines()[0])
    with threadpool_limits(limits=1, user_api="blas"):
        _run(args)


def _run(args):
    n_samples, n_features, curve = SIZES[args.size]
    repeat = args.repeat or 3
    X, y = make_gaussian_mixture_classification(
        n_samples, n_features=n_features, n_classes=3, random_state=0)
    rows = []

    ours = PooledGaussianNB()
    with case(f"fit, predict_proba, memory vs GaussianNB, {n_samples}x{n_features}"):
        t_ours, _ = timeit(lambda: ours.fit(X, y), repeat)
        t_gnb, gnb = timeit(lambda: GaussianNB().fit(X, y), repeat)
        rows.append({"task": "fit", "peer": "GaussianNB", "ours_s": t_ours,
                     "peer_s": t_gnb, "ratio": t_ours / t_gnb})
        p_ours, _ = timeit(lambda: ours.predict_proba(X), repeat)
        p_gnb, _ = timeit(lambda: gnb.predict_proba(X), repeat)
        rows.append({"task": "predict_proba", "peer": "GaussianNB", "ours_s": p_ours,
                     "peer_s": p_gnb, "ratio": p_ours / p_gnb})
        m_ours = peak_memory(lambda: PooledGaussianNB().fit(X, y))
        m_gnb = peak_memory(lambda: GaussianNB().fit(X, y))
        rows.append({"task": "fit peak MiB", "peer": "GaussianNB", "ours_s": m_ours,
                     "peer_s": m_gnb, "ratio": m_ours / m_gnb})

    with case(f"fit, predict_proba of LogisticRegression, {n_samples}x{n_features}"), \
            warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t_lr, lr = timeit(lambda: LogisticRegression().fit(X, y), 1)
        p_lr, _ = timeit(lambda: lr.predict_proba(X), repeat)
    rows.append({"task": "fit", "peer": "LogisticRegression", "ours_s": t_ours,
                 "peer_s": t_lr, "ratio": t_ours / t_lr})
    rows.append({"task": "predict_proba", "peer": "LogisticRegression",
                 "ours_s": p_ours, "peer_s": p_lr, "ratio": p_ours / p_lr})

    n_curve, p_curve, sizes, n_repeats = curve
    Xc, yc = make_gaussian_mixture_classification(
        n_curve, n_features=p_curve, n_classes=2, random_state=1)
    estimators = {"NB": PooledGaussianNB(), "LR": LogisticRegression()}

    def run(n_jobs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return compare_learning_curves(
                estimators, Xc, yc, train_sizes=sizes, n_repeats=n_repeats,
                n_bootstrap=0, n_jobs=n_jobs, random_state=0)

    # start the worker processes once (joblib reuses them), timed on its own
    with case("joblib worker start-up, n_jobs=2"):
        t_start, _ = timeit(
            lambda: Parallel(n_jobs=2)(delayed(abs)(i) for i in range(2)), 1)
    with case(f"learning curves n_jobs=1, {n_curve} x {p_curve}"):
        t_one, _ = timeit(lambda: run(1), 1)
    with case(f"learning curves n_jobs=2, {n_curve} x {p_curve}"):
        t_two, _ = timeit(lambda: run(2), 1)
    rows.append({"task": "learning curves", "peer": "n_jobs=1 -> 2",
                 "ours_s": t_two, "peer_s": t_one, "ratio": t_two / t_one})
    rows.append({"task": "worker start-up", "peer": "n_jobs=2", "ours_s": t_start,
                 "peer_s": float("nan"), "ratio": float("nan")})

    print(f"size={args.size}: fit/predict on {n_samples} x {n_features} (3 classes); "
          f"learning curves on {n_curve} x {p_curve}")
    print_table(rows, ["task", "peer", "ours_s", "peer_s", "ratio"])
    target = rows[0]["ratio"] <= 1.2
    print(f"target fit <= 1.2x GaussianNB: {'met' if target else 'MISSED'}")


if __name__ == "__main__":
    main()
