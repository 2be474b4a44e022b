"""Find every public estimator and experiment that skpapers provides.

Modules register themselves simply by exporting their classes in the
``__all__`` of a public subpackage (``skpapers.ordinal``, ...); the common
test-suite and the documentation pick them up from here.
"""

import importlib
import inspect
import pkgutil
from operator import itemgetter

from sklearn.base import BaseEstimator

_PUBLIC_PACKAGES = (
    "cluster",
    "llp",
    "metrics",
    "model_selection",
    "naive_bayes",
    "ordinal",
    "over_sampling",
)

_TYPE_FILTERS = ("classifier", "regressor", "cluster", "transformer", "sampler")


def _estimator_type(cls):
    """Return the set of type names that apply to an estimator class."""
    from sklearn.base import ClassifierMixin, ClusterMixin, RegressorMixin
    from sklearn.base import TransformerMixin

    kinds = set()
    if issubclass(cls, ClassifierMixin):
        kinds.add("classifier")
    if issubclass(cls, RegressorMixin):
        kinds.add("regressor")
    if issubclass(cls, ClusterMixin):
        kinds.add("cluster")
    if issubclass(cls, TransformerMixin):
        kinds.add("transformer")
    if hasattr(cls, "fit_resample"):
        kinds.add("sampler")
    return kinds


def all_estimators(type_filter=None):
    """List the public estimators and samplers of skpapers.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "cluster", "transformer", \
"sampler"}, list of those, or None, default=None
        Keep only estimators of the given kind(s). ``None`` keeps all.

    Returns
    -------
    estimators : list of (str, type)
        ``(name, class)`` pairs sorted by name.

    Examples
    --------
    >>> from skpapers.utils import all_estimators
    >>> names = [name for name, _ in all_estimators()]
    >>> isinstance(names, list)
    True
    """
    if type_filter is not None:
        wanted = [type_filter] if isinstance(type_filter, str) else list(type_filter)
        unknown = sorted(set(wanted) - set(_TYPE_FILTERS))
        if unknown:
            raise ValueError(
                f"type_filter must be None or among {_TYPE_FILTERS}; got {unknown}."
            )
    found = {}
    for package in _PUBLIC_PACKAGES:
        module = importlib.import_module(f"skpapers.{package}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and not inspect.isabstract(obj)
                and not name.startswith("_")
            ):
                found[name] = obj
    estimators = sorted(found.items(), key=itemgetter(0))
    if type_filter is not None:
        estimators = [
            (name, cls) for name, cls in estimators if _estimator_type(cls) & set(wanted)
        ]
    return estimators


def all_experiments():
    """List the paper experiments that ``skpapers reproduce`` can run.

    An experiment is a module ``skpapers/experiments/<name>.py`` that defines
    ``TITLE``, ``PROVIDES`` and ``run(quick=False, random_state=0, verbose=0)``.

    Returns
    -------
    experiments : dict of str -> module
        Experiment modules keyed by their short name, sorted by name.

    Examples
    --------
    >>> from skpapers.utils import all_experiments
    >>> isinstance(all_experiments(), dict)
    True
    """
    import skpapers.experiments as package

    experiments = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"skpapers.experiments.{info.name}")
        if callable(getattr(module, "run", None)):
            experiments[info.name] = module
    return experiments
