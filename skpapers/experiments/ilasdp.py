"""iLA-SDP (Zhuang, Chen & Yang, ICML 2023): mis-clustering error on heterogeneous mixtures.

Compares K-means, EM for a full-covariance Gaussian mixture (k-means and random
starts), the Peng-Wei SDP (:class:`~skpapers.cluster.SDPKMeans`) and iLA-SDP
(:class:`~skpapers.cluster.ILASDP`) over many seeds on data from
:func:`~skpapers.datasets.make_heterogeneous_gmm`, in a low-dimensional, a
moderate and a high-dimensional setting (``p`` a sizeable fraction of ``n_k``).
"""

import time
import warnings

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.mixture import GaussianMixture

from skpapers.cluster import ILASDP, SDPKMeans
from skpapers.datasets import make_heterogeneous_gmm
from skpapers.metrics import misclustering_error

TITLE = "Likelihood Adjusted Semidefinite Programs for Clustering Heterogeneous Data (Zhuang, Chen & Yang, ICML 2023)"
PROVIDES = "SDPKMeans, ILASDP, misclustering_error, make_heterogeneous_gmm; error vs K-means/EM/SDP"

# name -> (n_samples, n_features, separation) for the full and quick runs
SETTINGS = {
    "low-dim (p=2)": {"full": (300, 2, 4.0), "quick": (90, 2, 4.0)},
    "moderate (p=10)": {"full": (300, 10, 5.0), "quick": (90, 6, 5.0)},
    "high-dim (p=0.4 n_k)": {"full": (300, 40, 8.0), "quick": (90, 12, 8.0)},
}
N_CLUSTERS = 3


def _methods(seed):
    K = N_CLUSTERS
    return {
        "KMeans": KMeans(K, n_init=10, random_state=seed),
        "EM (k-means init)": GaussianMixture(K, covariance_type="full", random_state=seed),
        "EM (random init)": GaussianMixture(
            K, covariance_type="full", init_params="random_from_data", random_state=seed
        ),
        "SDPKMeans": SDPKMeans(K, random_state=seed),
        "ILASDP": ILASDP(K, random_state=seed),
    }


def run(quick=False, random_state=0, verbose=0):
    """Mis-clustering error of each method over seeds and settings.

    Parameters
    ----------
    quick : bool, default=False
        Fewer seeds (3 instead of 20) and smaller problems.
    random_state : int, default=0
        First seed; seed ``s`` uses ``random_state + s``.
    verbose : int, default=0
        Print one line per (setting, seed).

    Returns
    -------
    results : pandas.DataFrame
        Columns ``setting, n_samples, n_features, seed, method, error, time_s``.
    """
    n_seeds = 3 if quick else 20
    rows = []
    for setting, sizes in SETTINGS.items():
        n, p, separation = sizes["quick" if quick else "full"]
        for s in range(n_seeds):
            seed = random_state + s
            X, y = make_heterogeneous_gmm(
                n, p, N_CLUSTERS, separation=separation, scale_ratio=6.0,
                anisotropy=6.0, random_state=seed,
            )
            for method, model in _methods(seed).items():
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    labels = model.fit_predict(X)
                rows.append({
                    "setting": setting, "n_samples": n, "n_features": p, "seed": seed,
                    "method": method, "error": misclustering_error(y, labels),
                    "time_s": time.perf_counter() - start,
                })
            if verbose:
                print(f"{setting} seed {seed} done", flush=True)
    return pd.DataFrame(rows)


def summarize(results):
    """Mean and standard deviation of the error per setting and method, mean time."""
    table = results.groupby(["setting", "method"], sort=False).agg(
        mean_error=("error", "mean"), sd_error=("error", "std"),
        worst_error=("error", "max"), mean_time_s=("time_s", "mean"),
    )
    return table.round(4)


def plot(results):
    """Mean error (with standard error bars) per method, one group per setting."""
    from skpapers.utils._plotting import check_matplotlib_support

    plt = check_matplotlib_support("ilasdp.plot")
    settings = list(dict.fromkeys(results["setting"]))
    methods = list(dict.fromkeys(results["method"]))
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(methods)
    for j, method in enumerate(methods):
        sub = results[results["method"] == method].groupby("setting", sort=False)["error"]
        mean = sub.mean().reindex(settings)
        se = (sub.std() / np.sqrt(sub.count())).reindex(settings)
        ax.bar(np.arange(len(settings)) + j * width, mean, width, yerr=se, label=method)
    ax.set_xticks(np.arange(len(settings)) + 0.4 - width / 2)
    ax.set_xticklabels(settings)
    ax.set_ylabel("mis-clustering error")
    ax.set_title("Heterogeneous Gaussian mixtures, K = 3")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig
