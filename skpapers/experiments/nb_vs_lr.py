"""Naive Bayes vs logistic regression: samples needed to approach the asymptote.

Zheng et al. (ICML 2023) prove that multiclass naive Bayes needs O(log n)
samples to get close to its asymptotic error and logistic regression O(n)
(n = feature dimension), and check it on a Gaussian mixture. This module runs
that simulation (:func:`skpapers.datasets.make_gaussian_mixture_classification`,
"easy" covariance) for several n and K, and a linear evaluation on the digits
features shipped with scikit-learn, where it looks for the crossing of the two
learning curves ("two regimes").
"""

import warnings

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler

from skpapers._solvers._threads import single_threaded
from skpapers.datasets import make_gaussian_mixture_classification
from skpapers.model_selection import compare_learning_curves
from skpapers.model_selection._comparison import observed_crossover
from skpapers.model_selection._curve_fit import (
    find_crossovers,
    fit_power_law,
    noise_scale,
    size_within,
)
from skpapers.naive_bayes import PooledGaussianNB

TITLE = (
    "Revisiting Discriminative vs. Generative Classifiers: Theory and "
    "Implications (Zheng et al., ICML 2023)"
)
PROVIDES = (
    "PooledGaussianNB, compare_learning_curves / extrapolate_learning_curve, "
    "make_gaussian_mixture_classification"
)
EPSILON = 0.01
M_STAR_TITLE = (f"m* (samples to reach Bayes error + {EPSILON}), per dimension n; "
                "<NA>: not reached at the largest size run")
DIGITS_TITLE = "digits: where the learning curves cross"
#: how m* grows with n by the paper's theorem, beside our slopes
PAPER_RATES = {"naive Bayes": "O(log n)", "logistic regression": "O(n)"}
#: the paper's claims, printed under each table by ``skpapers reproduce``
PAPER_CLAIM = {
    M_STAR_TITLE: (
        "Paper (Zheng et al. 2023, main theorem, checked by its Gaussian-mixture "
        "simulation): naive Bayes needs O(log n) samples to approach its asymptotic "
        "error, logistic regression O(n) (column 'paper growth' of m*): a slope of "
        "log m* against log n near 0 for naive Bayes and near 1 for logistic "
        "regression. The paper states rates, not m* values we could set beside ours."
    ),
    DIGITS_TITLE: (
        "Paper (Zheng et al. 2023, linear evaluation on features of pre-trained "
        "vision models, CIFAR-10/100): naive Bayes is better with few samples, "
        "logistic regression with many ('two regimes'). It has no digits experiment "
        "and gives no crossover size for it: its qualitative claim only."
    ),
}

_SETTINGS = {
    # quick: a smaller grid of dimensions, sizes and repeats (< 60 s, 1 core)
    True: {"n_features": (40, 80, 160), "n_classes": (2, 3),
           "max_factor": {2: 4, 3: 8},
           "n_sizes": 8, "n_repeats": 2, "n_test": 1000, "digits_sizes": 7},
    False: {"n_features": (100, 200, 400, 1000), "n_classes": (2, 3),
            "max_factor": {2: 4, 3: 8}, "n_sizes": 12, "n_repeats": 3,
            "n_test": 3000,
            "digits_sizes": 12},
}


def _estimators(scale):
    # the paper: sklearn's lbfgs logistic regression with C = 1 and naive Bayes
    # with 1e-9 variance smoothing; raw features in the simulation, min-max
    # scaled features in the linear evaluation
    nb, lr = PooledGaussianNB(), LogisticRegression(C=1.0, max_iter=200)
    if scale:
        nb, lr = make_pipeline(MinMaxScaler(), nb), make_pipeline(MinMaxScaler(), lr)
    return {"naive Bayes": nb, "logistic regression": lr}


def _simulation(settings, random_state, verbose):
    frames = []
    for K in settings["n_classes"]:
        for n in settings["n_features"]:
            max_size = settings["max_factor"][K] * n
            n_test = settings["n_test"]
            X, y, bayes = make_gaussian_mixture_classification(
                max_size + n_test, n_features=n, n_classes=K,
                return_bayes_error=True, random_state=random_state + 7 * n + K,
            )
            split = [(np.arange(max_size), np.arange(max_size, max_size + n_test))]
            sizes = np.unique(
                np.geomspace(2 * K, max_size, settings["n_sizes"]).astype(int))
            result = compare_learning_curves(
                _estimators(scale=False), X, y, train_sizes=sizes,
                n_repeats=settings["n_repeats"], cv=split, n_bootstrap=0,
                random_state=random_state,
            )
            frame = result.to_frame()
            frame.insert(0, "n_features", n)
            frame.insert(0, "n_classes", K)
            frame.insert(0, "part", "simulation")
            frame["bayes_error"] = bayes
            frames.append(frame)
            if verbose:
                print(f"  simulation K={K} n={n}: done", flush=True)
    return frames


def _digits(settings, random_state):
    X, y = load_digits(return_X_y=True)
    cv = StratifiedShuffleSplit(n_splits=1, test_size=0.25, random_state=random_state)
    pool = int(0.75 * len(y))
    sizes = np.unique(np.geomspace(10, pool, settings["digits_sizes"]).astype(int))
    result = compare_learning_curves(
        _estimators(scale=True), X, y, train_sizes=sizes,
        n_repeats=settings["n_repeats"] + 1,
        cv=cv, n_bootstrap=0, random_state=random_state,
    )
    frame = result.to_frame()
    frame.insert(0, "n_features", X.shape[1])
    frame.insert(0, "n_classes", 10)
    frame.insert(0, "part", "digits")
    frame["bayes_error"] = np.nan
    return frame


def run(quick=False, random_state=0, verbose=0):
    """Run the simulation and the digits linear evaluation.

    Parameters
    ----------
    quick : bool, default=False
        Smaller grid (n in {40, 80, 160}, 8 sizes, 2 repeats, 1000 test
        samples) for a run well under a minute.
    random_state : int, default=0
        Seed of the data and the subsets.
    verbose : int, default=0
        Print progress.

    Returns
    -------
    results : pandas.DataFrame
        One row per part, K, n, estimator, training size and run, with the
        test error and the Bayes error of the simulated problem.
    """
    settings = _SETTINGS[bool(quick)]
    # Many small lbfgs fits: multi-threaded BLAS only adds synchronisation
    # (measured 10x slower on a busy 2-core machine), so use one thread.
    with single_threaded("blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        frames = _simulation(settings, random_state, verbose)
        frames.append(_digits(settings, random_state))
    return pd.concat(frames, ignore_index=True)


def _curve(group):
    table = group.pivot_table(index="train_size", columns="run", values="test_error")
    sizes = table.index.to_numpy(dtype=float)
    errors = table.to_numpy()
    params, _ = fit_power_law(
        np.repeat(sizes, errors.shape[1]), errors.ravel(),
        f_scale=noise_scale(errors) or None,
    )
    return sizes, errors.mean(axis=1), params


def m_star_table(results):
    """``m*`` of each estimator, K and n: observed (vs Bayes) and fitted.

    ``m_star_observed``: the smallest size whose mean error is within
    ``EPSILON`` of the Bayes error (the paper's stopping rule; NaN if never
    reached). ``m_star_fitted``: ``(b / EPSILON)^(1/c)`` from the fitted curve
    ``a + b m^-c``, i.e. within ``EPSILON`` of its own asymptote ``a``.
    """
    rows = []
    sim = results[results["part"] == "simulation"]
    for (K, n, name), group in sim.groupby(["n_classes", "n_features", "estimator"]):
        sizes, mean, params = _curve(group)
        bayes = group["bayes_error"].iloc[0]
        reached = np.flatnonzero(mean <= bayes + EPSILON)
        rows.append({
            "estimator": name, "n_classes": K, "n_features": n,
            "bayes_error": bayes, "asymptotic_error": params[0],
            "m_star_observed": float(sizes[reached[0]]) if reached.size else np.nan,
            "m_star_fitted": size_within(params, EPSILON),
            "largest_size": sizes[-1],
        })
    return pd.DataFrame(rows)


def growth_table(m_star):
    """Slope of log m* against log n (about 0 for log n growth, 1 for linear)."""
    rows = []
    for (name, K), group in m_star.groupby(["estimator", "n_classes"]):
        row = {"estimator": name, "n_classes": K}
        for column in ("m_star_observed", "m_star_fitted"):
            ok = group[column].notna() & np.isfinite(group[column])
            if ok.sum() >= 2:
                slope = np.polyfit(np.log(group.loc[ok, "n_features"]),
                                   np.log(group.loc[ok, column]), 1)[0]
            else:
                slope = np.nan
            row[f"loglog_slope_{column[7:]}"] = slope
        rows.append(row)
    return pd.DataFrame(rows)


def digits_crossover(results):
    """Fitted and observed crossing of the two digits learning curves."""
    digits = results[results["part"] == "digits"]
    curves = {name: _curve(group) for name, group in digits.groupby("estimator")}
    (name_a, (sizes, mean_a, pa)), (name_b, (_, mean_b, pb)) = curves.items()
    cross, a_first = find_crossovers(pa, pb, sizes[0], sizes[-1])
    if cross.size:
        better = name_a if a_first[0] else name_b
    else:  # the order at the smallest size
        better = name_a if mean_a[0] < mean_b[0] else name_b
    return pd.DataFrame([{
        "estimator_a": name_a, "estimator_b": name_b,
        "fitted_crossover": float(cross[0]) if cross.size else np.nan,
        "better_below": better,
        "observed_crossover": observed_crossover(sizes, mean_a, mean_b),
        "error_a_smallest": mean_a[0], "error_b_smallest": mean_b[0],
        "error_a_largest": mean_a[-1], "error_b_largest": mean_b[-1],
    }])


def summarize(results):
    """The printed tables, one kind of row each.

    Returns
    -------
    tables : dict of str -> pandas.DataFrame
        ``"m* (samples to reach Bayes error + 0.01), per dimension n"``: one
        row per estimator and number of classes K, one column per dimension
        (``m* n=<n>``, integers; ``<NA>``: not reached at the largest size
        run), then the
        slopes of log m* against log n (``slope_observed``, ``slope_fitted``:
        about 0 for growth like log n, 1 for linear growth), and the growth
        the paper proves (``paper growth``).
        ``"digits: where the learning curves cross"``: one row, the crossover
        sizes and each estimator's error at the smallest and largest size
        (rounded to 3 decimals).
    """
    m_star = m_star_table(results)
    table = m_star.pivot_table(
        index=["estimator", "n_classes"], columns="n_features",
        values="m_star_observed", dropna=False,
    )
    table.columns = [f"m* n={c}" for c in table.columns]
    table = table.astype("Int64")  # sample counts; <NA>: not reached
    growth = growth_table(m_star).set_index(["estimator", "n_classes"])
    growth.columns = [c.replace("loglog_", "") for c in growth.columns]
    table = table.join(growth.round(2)).reset_index()
    table = table.rename(columns={"n_classes": "K"})
    table["paper growth"] = table["estimator"].map(PAPER_RATES)
    digits = digits_crossover(results).round(3)
    return {M_STAR_TITLE: table, DIGITS_TITLE: digits}


def plot(results):
    """m*(n) for both estimators, and the digits learning curves."""
    from skpapers.utils._plotting import (
        check_matplotlib_support,
        paper_title,
        plain_log_ticks,
    )

    plt = check_matplotlib_support("nb_vs_lr.plot")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.6))
    m_star = m_star_table(results)
    censored = False
    for (name, K), group in m_star.groupby(["estimator", "n_classes"]):
        (line,) = ax1.plot(group["n_features"], group["m_star_observed"], "o-",
                           label=f"{name}, K={K}")
        # m* not reached at the largest size run: an open triangle there (a
        # lower bound), not a silently missing point
        missing = group[group["m_star_observed"].isna()]
        if len(missing):
            censored = True
            ax1.plot(missing["n_features"], missing["largest_size"], "^",
                     mfc="none", color=line.get_color(), ms=8)
    if censored:
        ax1.plot([], [], "^", mfc="none", color="gray",
                 label="not reached: m* > largest size run")
    ax1.set_xscale("log")
    ax1.set_yscale("log")
    plain_log_ticks(ax1.yaxis)
    dims = np.unique(m_star["n_features"])
    ax1.set_xticks(dims, [f"{d:g}" for d in dims])
    ax1.xaxis.set_minor_locator(plt.NullLocator())
    ax1.set_xlabel("feature dimension n (features, log scale)")
    ax1.set_ylabel(f"m* (samples to reach Bayes error + {EPSILON})")
    ax1.set_title("Simulation (easy covariance): samples needed by dimension")
    ax1.legend(fontsize=8, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    digits = results[results["part"] == "digits"]
    for name, group in digits.groupby("estimator"):
        mean = group.groupby("train_size")["test_error"].mean()
        ax2.plot(mean.index, mean.to_numpy(), "o-", label=name)
    crossing = digits_crossover(results)["observed_crossover"].iloc[0]
    if np.isfinite(crossing):
        ax2.axvline(crossing, color="gray", ls="--", lw=1, label="crossover")
    ax2.set_xscale("log")
    plain_log_ticks(ax2.xaxis)
    ax2.set_xlabel("training size m (samples, log scale)")
    ax2.set_ylabel("test error (fraction misclassified)")
    ax2.set_title("Digits (linear evaluation): learning curves")
    ax2.legend(fontsize=8, ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.2))
    paper_title(fig, "nb_vs_lr", "samples needed and learning curves")
    fig.tight_layout()
    return fig
