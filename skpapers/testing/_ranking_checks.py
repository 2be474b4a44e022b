"""Run named properties against any ranking metric and report what fails.

A ranking metric here is a callable ``metric(y_true, y_score[, sample_weight])``
returning a float, such as AUROC or average precision. Each property is run
under hypothesis; a failure is shrunk to a minimal counter-example, which the
report keeps.
"""

import inspect
from dataclasses import dataclass, field

import numpy as np
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from skpapers.testing._strategies import binary_scores

PROPERTIES = (
    "bounds",
    "monotone_invariance",
    "permutation_invariance",
    "label_swap",
    "weight_scaling",
    "integer_weights",
)
DEFAULT_INVARIANCES = (
    "bounds",
    "monotone_invariance",
    "permutation_invariance",
    "weight_scaling",
    "integer_weights",
)
_WEIGHTED = ("weight_scaling", "integer_weights")


@dataclass
class PropertyResult:
    """Outcome of one property: ``status`` is "passed", "failed" or "skipped"."""

    name: str
    status: str
    message: str = ""
    counterexample: dict = field(default=None, repr=False)


@dataclass
class RankingMetricReport:
    """What :func:`check_ranking_metric` found, one :class:`PropertyResult` per property.

    Attributes
    ----------
    metric_name : str
        Name of the checked metric.
    results : list of PropertyResult
        Per property: status, the failure message and the shrunk
        counter-example (``y_true``, ``y_score``, ``sample_weight``).
    """

    metric_name: str
    results: list

    @property
    def passed(self):
        """True when no property failed."""
        return not self.failures

    @property
    def failures(self):
        """The failed properties."""
        return [r for r in self.results if r.status == "failed"]

    def __getitem__(self, name):
        for result in self.results:
            if result.name == name:
                return result
        raise KeyError(name)

    def to_frame(self):
        """The report as a :class:`pandas.DataFrame`, one row per property."""
        import pandas as pd

        return pd.DataFrame(
            [{"property": r.name, "status": r.status, "message": r.message}
             for r in self.results]
        )

    def __str__(self):
        lines = [f"Properties of {self.metric_name}:"]
        for r in self.results:
            lines.append(f"  {r.name:<24} {r.status}")
            if r.status == "failed":
                lines.append(f"      {r.message}")
                for key, value in r.counterexample.items():
                    lines.append(f"      {key} = {_show(value)}")
        return "\n".join(lines)

    def raise_if_failed(self):
        """Raise ``AssertionError`` listing every failure with its counter-example."""
        if not self.passed:
            raise AssertionError(str(self))


def _show(value):
    if value is None:
        return "None"
    return np.array2string(np.asarray(value), separator=", ", precision=17)


def _accepts_weights(metric):
    try:
        params = inspect.signature(metric).parameters
    except (TypeError, ValueError):
        return False
    return "sample_weight" in params or any(
        p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()
    )


def _call(metric, y_true, y_score, sample_weight=None):
    if sample_weight is None:
        value = metric(y_true, y_score)
    else:
        value = metric(y_true, y_score, sample_weight=sample_weight)
    return float(value)


def _dense_ranks(y_score):
    return np.unique(y_score, return_inverse=True)[1].astype(np.float64)


_TRANSFORMS = {
    "2 * rank + 1": lambda r: 2.0 * r + 1.0,
    "exp(rank / n)": lambda r: np.exp(r / max(1.0, r.max() + 1.0)),
    "-1 / (rank + 1)": lambda r: -1.0 / (r + 1.0),
}


class _Checker:
    """Holds the metric and tolerances; one method per property."""

    def __init__(self, metric, reference, rtol, atol):
        self.metric = metric
        self.reference = reference
        self.rtol = rtol
        self.atol = atol

    def close(self, a, b, what):
        if not np.isclose(a, b, rtol=self.rtol, atol=self.atol):
            raise AssertionError(f"{what}: {a!r} != {b!r}")

    def bounds(self, data, draw):
        y, s, w = data
        value = _call(self.metric, y, s, w)
        if not (np.isfinite(value) and 0.0 <= value <= 1.0):
            raise AssertionError(f"value {value!r} is outside [0, 1]")

    def monotone_invariance(self, data, draw):
        y, s, w = data
        name = draw(st.sampled_from(sorted(_TRANSFORMS)))
        transformed = _TRANSFORMS[name](_dense_ranks(s))
        self.close(
            _call(self.metric, y, s, w),
            _call(self.metric, y, transformed, w),
            f"changed under the strictly increasing transform {name}",
        )

    def permutation_invariance(self, data, draw):
        y, s, w = data
        order = np.array(draw(st.permutations(range(len(y)))))
        self.close(
            _call(self.metric, y, s, w),
            _call(self.metric, y[order], s[order], None if w is None else w[order]),
            "changed when the rows were reordered",
        )

    def label_swap(self, data, draw):
        y, s, w = data
        self.close(
            _call(self.metric, 1 - y, s, w),
            1.0 - _call(self.metric, y, s, w),
            "metric(1 - y, s) != 1 - metric(y, s)",
        )

    def weight_scaling(self, data, draw):
        y, s, w = data
        factor = draw(st.sampled_from([1e-3, 0.5, 3.0, 1e3]))
        self.close(
            _call(self.metric, y, s, w),
            _call(self.metric, y, s, w * factor),
            f"changed when every weight was multiplied by {factor}",
        )

    def integer_weights(self, data, draw):
        y, s, w = data
        counts = w.astype(np.int64)
        self.close(
            _call(self.metric, y, s, w),
            _call(self.metric, np.repeat(y, counts), np.repeat(s, counts)),
            "integer weights differ from repeating the rows",
        )

    def reference_agreement(self, data, draw):
        y, s, w = data
        self.close(
            _call(self.metric, y, s, w),
            _call(self.reference, y, s, w),
            "differs from the reference",
        )


def _strategy_for(name, weighted, ties, extreme, dtype, max_size):
    weights = None
    if name == "integer_weights":
        weights = "integer"
    elif name == "weight_scaling":
        weights = "float"
    elif weighted and name != "label_swap":
        return st.one_of(
            binary_scores(max_size=max_size, ties=ties, extreme=extreme, dtype=dtype),
            binary_scores(
                max_size=max_size, ties=ties, weights="float", extreme=extreme, dtype=dtype
            ),
        )
    return binary_scores(
        max_size=max_size, ties=ties, weights=weights, extreme=extreme, dtype=dtype
    )


def _run_property(check, name, strategy, max_examples, random_seed):
    failure = {}

    @seed(random_seed)
    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(data=strategy, extra=st.data())
    def run(data, extra):
        try:
            check(data, extra.draw)
        except Exception as exc:  # record, then let hypothesis shrink
            y, s, w = data
            failure["message"] = (
                str(exc) if isinstance(exc, AssertionError)
                else f"raised {type(exc).__name__}: {exc}"
            )
            failure["counterexample"] = {"y_true": y, "y_score": s, "sample_weight": w}
            raise

    try:
        run()
    except Exception:  # hypothesis re-raises the shrunk failure last
        if not failure:
            raise
        return PropertyResult(name, "failed", failure["message"], failure["counterexample"])
    return PropertyResult(name, "passed")


def check_ranking_metric(
    metric,
    *,
    invariances=DEFAULT_INVARIANCES,
    reference=None,
    max_examples=100,
    ties="some",
    extreme=False,
    dtype="float64",
    max_size=30,
    rtol=1e-9,
    atol=1e-12,
    random_seed=0,
):
    """Check a ranking metric against named properties with hypothesis.

    Properties (pick with ``invariances``):

    - ``"bounds"``: the value is finite and in [0, 1];
    - ``"monotone_invariance"``: a strictly increasing transform of the scores
      does not change the value (a ranking metric sees only the order);
    - ``"permutation_invariance"``: reordering the rows does not change it;
    - ``"label_swap"``: ``metric(1 - y, s) == 1 - metric(y, s)``; holds for
      AUROC, ties included (a tie counts half for either class), not for
      average precision;
    - ``"weight_scaling"``: multiplying every weight by a constant does not
      change the value;
    - ``"integer_weights"``: integer weights equal repeating the rows.

    With ``reference``, agreement with it (same inputs, weights included when
    the metric takes them) is checked too, as ``"reference"``. The weight
    properties are skipped when ``metric`` has no ``sample_weight`` argument.

    Parameters
    ----------
    metric : callable
        ``metric(y_true, y_score)`` or ``metric(y_true, y_score, sample_weight=...)``
        returning a float.
    invariances : sequence of str, default=("bounds", "monotone_invariance", \
"permutation_invariance", "weight_scaling", "integer_weights")
        Properties to check.
    reference : callable or None, default=None
        A trusted implementation of the same metric.
    max_examples : int, default=100
        Examples hypothesis tries per property.
    ties, extreme, dtype, max_size
        Passed to :func:`~skpapers.testing.binary_scores`.
    rtol, atol : float, default=1e-9, 1e-12
        Tolerances of every equality.
    random_seed : int, default=0
        Seed of hypothesis, so a run is reproducible.

    Returns
    -------
    report : RankingMetricReport
        Per property: passed, failed (with the message and the shrunk
        counter-example) or skipped. ``report.raise_if_failed()`` turns failures
        into an ``AssertionError`` for use inside a test.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.metrics import roc_auc_score
    >>> from skpapers.testing import check_ranking_metric
    >>> def strict_auroc(y_true, y_score):  # counts ties as mistakes: wrong
    ...     pos, neg = y_score[y_true == 1], y_score[y_true == 0]
    ...     return np.mean(pos[:, None] > neg[None, :])
    >>> report = check_ranking_metric(
    ...     strict_auroc, invariances=("bounds",), reference=roc_auc_score,
    ...     max_examples=50)
    >>> report["reference"].status
    'failed'
    >>> report["reference"].counterexample["y_score"]
    array([0., 0.])
    """
    if not callable(metric):
        raise TypeError(f"metric must be callable; got {type(metric).__name__}.")
    if isinstance(invariances, str):
        invariances = (invariances,)
    unknown = sorted(set(invariances) - set(PROPERTIES))
    if unknown:
        raise ValueError(f"unknown properties {unknown}; choose from {PROPERTIES}.")
    if reference is not None and not callable(reference):
        raise TypeError(f"reference must be callable or None; got {type(reference).__name__}.")
    if not isinstance(max_examples, int) or max_examples < 1:
        raise ValueError(f"max_examples must be a positive int; got {max_examples!r}.")

    weighted = _accepts_weights(metric)
    check = _Checker(metric, reference, rtol, atol)
    names = list(invariances) + (["reference"] if reference is not None else [])
    results = []
    for name in names:
        if name in _WEIGHTED and not weighted:
            results.append(PropertyResult(name, "skipped", "metric takes no sample_weight"))
            continue
        method = check.reference_agreement if name == "reference" else getattr(check, name)
        ref_weighted = weighted and (reference is None or _accepts_weights(reference))
        strategy = _strategy_for(
            name, ref_weighted if name == "reference" else weighted,
            ties, extreme, dtype, max_size,
        )
        results.append(_run_property(method, name, strategy, max_examples, random_seed))
    metric_name = getattr(metric, "__name__", type(metric).__name__)
    return RankingMetricReport(metric_name, results)
