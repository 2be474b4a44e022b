"""ROC convex hull against scipy's ConvexHull and closed forms."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import ConvexHull

from skpapers.metrics import roc_convex_hull, roc_hull_auc, roc_hull_optimal_point

# Dyadic rates (multiples of 1/64) keep every orientation test exact.
grid = st.integers(0, 64).map(lambda i: i / 64)
rates = st.lists(st.tuples(grid, grid), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(points=rates)
def test_vertices_match_scipy(points):
    pts = np.array(points)
    fpr, tpr = pts[:, 0], pts[:, 1]
    hull_fpr, hull_tpr, on_hull = roc_convex_hull(fpr, tpr)
    ours = np.c_[hull_fpr, hull_tpr]
    all_pts = np.vstack([pts, [[0, 0], [1, 1], [1, 0]]])
    try:
        ref = ConvexHull(all_pts)
    except Exception:  # degenerate (collinear) clouds: checked by the properties
        ref = None
    # Properties: starts at (0,0), ends at (1,1), x increasing, concave.
    assert tuple(ours[0]) == (0, 0) and tuple(ours[-1]) == (1, 1)
    assert np.all(np.diff(hull_fpr) >= 0)
    slopes = np.diff(hull_tpr[1:]) / np.diff(hull_fpr[1:]) if len(ours) > 2 else []
    assert np.all(np.diff(slopes) <= 1e-9)
    # Every point lies on or below the hull.
    level = np.interp(fpr, hull_fpr[1:] if hull_fpr[1] == 0 else hull_fpr,
                      hull_tpr[1:] if hull_fpr[1] == 0 else hull_tpr)
    assert np.all(tpr <= level + 1e-9)
    if ref is not None:
        # Every vertex of ours is a vertex of scipy's hull, and every scipy
        # vertex above the diagonal's lower side is one of ours.
        ref_pts = {tuple(np.round(p, 12)) for p in all_pts[ref.vertices]}
        for v in ours:
            assert tuple(np.round(v, 12)) in ref_pts
        for v in all_pts[ref.vertices]:
            on_upper = v[1] >= np.interp(v[0], hull_fpr, hull_tpr) - 1e-9
            above_diag = v[1] > v[0] + 1e-9
            if above_diag and not (v[0] == 0 and v[1] < hull_tpr[1]):
                assert on_upper
                assert any(np.allclose(v, o) for o in ours)
    # Vertices given as input points are flagged on the hull (except the
    # trivial start (0, 0) below a vertical first edge: it is dominated).
    for v in ours[1:]:
        hit = np.isclose(fpr, v[0], atol=0) & np.isclose(tpr, v[1], atol=0)
        assert np.all(on_hull[hit])


def test_closed_form_single_point():
    a, b = 0.2, 0.7
    hull_fpr, hull_tpr, on_hull = roc_convex_hull([a], [b])
    np.testing.assert_array_equal(hull_fpr, [0, a, 1])
    np.testing.assert_array_equal(hull_tpr, [0, b, 1])
    assert on_hull.tolist() == [True]
    assert roc_hull_auc([a], [b]) == pytest.approx(a * b / 2 + (1 - a) * (b + 1) / 2)


def test_points_below_diagonal_give_the_diagonal():
    hull_fpr, hull_tpr, on_hull = roc_convex_hull([0.6, 0.8], [0.2, 0.5])
    np.testing.assert_array_equal(hull_fpr, [0, 1])
    assert roc_hull_auc([0.6, 0.8], [0.2, 0.5]) == 0.5
    assert not on_hull.any()


def test_collinear_points_are_on_the_hull_but_not_vertices():
    hull_fpr, hull_tpr, on_hull = roc_convex_hull([0.0, 0.25, 0.5], [0.5, 0.625, 0.75])
    # (0, .5), (.25, .625), (.5, .75), (1, 1): all on the line tpr = .5 + fpr / 2
    np.testing.assert_allclose(hull_fpr, [0, 0, 1])
    np.testing.assert_allclose(hull_tpr, [0, 0.5, 1])
    assert on_hull.all()


def test_point_on_vertical_axis_below_top_is_not_on_hull():
    _, _, on_hull = roc_convex_hull([0.0, 0.0, 0.3], [0.4, 0.6, 0.9])
    assert on_hull.tolist() == [False, True, True]


def test_hull_auc_of_a_full_roc_curve_is_at_least_its_auc():
    from sklearn.metrics import auc, roc_curve

    rng = np.random.RandomState(0)
    y = rng.randint(0, 2, 300)
    s = y + rng.normal(scale=1.5, size=300)
    fpr, tpr, _ = roc_curve(y, s)
    assert roc_hull_auc(fpr, tpr) >= auc(fpr, tpr) - 1e-12
    # A ROC curve that is already concave is its own hull.
    fpr = np.linspace(0, 1, 11)
    tpr = np.sqrt(fpr)
    assert roc_hull_auc(fpr, tpr) == pytest.approx(auc(fpr, tpr))


def test_optimal_point_is_on_hull_and_minimises_cost():
    rng = np.random.RandomState(1)
    fpr, tpr = rng.rand(40), rng.rand(40)
    _, _, on_hull = roc_convex_hull(fpr, tpr)
    for slope in (0.2, 1.0, 5.0):
        i = roc_hull_optimal_point(fpr, tpr, slope)
        cost = slope * fpr - tpr
        assert cost[i] == cost.min()
        assert on_hull[i]


@pytest.mark.parametrize(
    "fpr, tpr, match",
    [([0.1, 0.2], [0.3], "same length"), ([np.nan], [0.2], "fpr.*NaN"), ([1.2], [0.5], r"\[0, 1\]")],
)
def test_bad_input(fpr, tpr, match):
    with pytest.raises(ValueError, match=match):
        roc_convex_hull(fpr, tpr)


def test_bad_slope():
    with pytest.raises(ValueError, match="slope"):
        roc_hull_optimal_point([0.1], [0.5], slope=-1)
