"""subgroup_report and SubgroupCurvesDisplay."""

import matplotlib
import numpy as np
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import average_precision_score, roc_auc_score

from skpapers.datasets import make_prevalence_subgroups
from skpapers.metrics import SubgroupCurvesDisplay, subgroup_report

matplotlib.use("Agg")


def test_report_matches_sklearn_per_group():
    y, s, g = make_prevalence_subgroups(3000, random_state=1)
    w = np.random.default_rng(0).random(y.size) + 0.5
    rep = subgroup_report(y, s, g, sample_weight=w)
    assert list(rep.index) == [0, 1]
    for k in (0, 1):
        m = g == k
        assert rep.loc[k, "n_samples"] == m.sum()
        assert rep.loc[k, "auroc"] == pytest.approx(
            roc_auc_score(y[m], s[m], sample_weight=w[m]), abs=1e-12)
        assert rep.loc[k, "auprc"] == pytest.approx(
            average_precision_score(y[m], s[m], sample_weight=w[m]), abs=1e-12)
        assert rep.loc[k, "prevalence"] == pytest.approx(
            np.average(y[m], weights=w[m]))
    overall = roc_auc_score(y, s, sample_weight=w)
    assert rep.attrs["overall_auroc"] == pytest.approx(overall)
    np.testing.assert_allclose(rep["auroc_gap"], rep["auroc"] - overall)
    assert rep.attrs["auroc_range"] == pytest.approx(np.ptp(rep["auroc"]))
    assert rep["auprc_gap_to_best"].min() == 0


def test_higher_prevalence_gets_higher_auprc_at_equal_auroc():
    y, s, g = make_prevalence_subgroups(40000, prevalences=(0.2, 0.02), auroc=0.8,
                                        random_state=0)
    rep = subgroup_report(y, s, g)
    assert abs(rep.loc[0, "auroc"] - rep.loc[1, "auroc"]) < 0.05
    assert rep.loc[0, "auprc"] > 2 * rep.loc[1, "auprc"]


def test_single_class_group_warns_and_gives_nan():
    with pytest.warns(UndefinedMetricWarning, match="Group 'b' holds one class"):
        rep = subgroup_report([0, 1, 0, 0], [0.1, 0.9, 0.3, 0.2], ["a", "a", "b", "b"])
    assert np.isnan(rep.loc["b", "auroc"])
    with pytest.warns(UndefinedMetricWarning, match="no curve drawn"):
        disp = SubgroupCurvesDisplay.from_predictions(
            [0, 1, 0, 0], [0.1, 0.9, 0.3, 0.2], ["a", "a", "b", "b"])
    assert list(disp.curves) == ["a"]
    matplotlib.pyplot.close("all")


def test_groups_length_checked():
    with pytest.raises(ValueError, match="groups and y_true have different lengths"):
        subgroup_report([0, 1], [0.1, 0.2], [0, 1, 1])


@pytest.mark.parametrize("missing", [None, np.nan])
def test_missing_group_labels_are_named(missing):
    y, s = [0, 1, 0, 1, 0, 1], [0.1, 0.9, 0.3, 0.2, 0.5, 0.6]
    groups = np.array(["a", "a", missing, "b", "b", "a"], dtype=object)
    with pytest.raises(ValueError, match="groups has 1 missing labels"):
        subgroup_report(y, s, groups)
    with pytest.raises(ValueError, match="missing labels"):
        SubgroupCurvesDisplay.from_predictions(y, s, [1.0, np.nan, 2.0, 1.0, 2.0, 1.0])


def test_curves_display():
    y, s, g = make_prevalence_subgroups(2000, random_state=0)
    disp = SubgroupCurvesDisplay.from_predictions(y, s, g)
    assert set(disp.curves) == {0, 1}
    c = disp.curves[0]
    assert c["fpr"][0] == 0 and c["tpr"][-1] == 1 and c["precision"][0] == 1
    assert np.trapezoid(c["tpr"], c["fpr"]) == pytest.approx(c["auroc"])
    assert len(disp.axes_[0].lines) == 3  # two curves and the chance line
    matplotlib.pyplot.close("all")


def test_displays_from_estimator():
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB

    from skpapers.metrics import AUCDecompositionDisplay, auroc_score

    X, y = make_classification(n_samples=300, weights=[0.8], random_state=0)
    ys = np.where(y == 1, "pos", "neg")
    groups = np.arange(300) % 2
    for est in (LogisticRegression().fit(X, ys), GaussianNB().fit(X, ys)):
        disp = SubgroupCurvesDisplay.from_estimator(est, X, ys, groups)
        m = groups == 0
        proba = est.predict_proba(X)[:, 1]
        assert disp.curves[0]["auroc"] == pytest.approx(auroc_score(ys[m], proba[m]))
        disp = AUCDecompositionDisplay.from_estimator(est, X, ys, pos_label="neg")
        assert disp.auroc == pytest.approx(auroc_score(ys, -proba, pos_label="neg"))
    with pytest.raises(ValueError, match="fitted binary classifier"):
        AUCDecompositionDisplay.from_estimator(
            LogisticRegression().fit(X, np.arange(300) % 3), X, y)
    matplotlib.pyplot.close("all")
