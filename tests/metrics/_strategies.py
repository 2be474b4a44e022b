"""Shorthands over the public :func:`skpapers.testing.binary_scores` strategy.

The metric tests run on the package's own public testing tools, so those
tools are exercised by the test suite itself.
"""

from hypothesis import strategies as st

from skpapers.testing import binary_scores

_TIES = {None: ("none", "some", "many", "all"), True: ("some", "many", "all"), False: ("none",)}
_WEIGHTS = {False: (None,), True: ("float", "integer"), "maybe": (None, "float", "integer")}


def binary_data(min_size=2, max_size=60, ties=None, weights=False):
    """(y_true, y_score, sample_weight) with both classes present.

    ``ties``: None (any), True (tied scores) or False (all distinct);
    ``weights``: False (none), True (float or integer, some zero) or "maybe".
    """
    return st.one_of(
        *[
            binary_scores(
                min_size, max_size, ties=t, weights=w, zero_weights=w is not None
            )
            for t in _TIES[ties]
            for w in _WEIGHTS[weights]
        ]
    )
