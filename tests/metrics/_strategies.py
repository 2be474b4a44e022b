"""Hypothesis strategies for binary ranking data (ties and weights included)."""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


@st.composite
def binary_data(draw, min_size=2, max_size=60, ties=None, weights=False):
    """(y, score, weight): both classes present; scores tied or distinct."""
    n = draw(st.integers(min_size, max_size))
    y = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    i, j = draw(st.lists(st.integers(0, n - 1), min_size=2, max_size=2, unique=True))
    y[i], y[j] = True, False
    tied = draw(st.booleans()) if ties is None else ties
    if tied:
        levels = draw(st.integers(1, 6))
        score = np.array(draw(st.lists(st.integers(0, levels), min_size=n,
                                       max_size=n)), dtype=float) / levels
    else:
        # distinct values on a 1e-3 grid: strictly increasing maps keep them apart
        score = np.array(draw(st.lists(st.integers(-10**6, 10**6), min_size=n,
                                       max_size=n, unique=True))) / 1e3
    if isinstance(weights, st.SearchStrategy):
        weights = draw(weights)
    w = None
    if weights:
        w = draw(hnp.arrays(np.float64, n, elements=st.just(0.0) | st.floats(
            0.05, 10.0)))
        w[i], w[j] = max(w[i], 0.5), max(w[j], 0.5)  # both classes keep weight
    return y.astype(int), score, w
