"""LLP input checks (issue 13: items 8 and 13)."""

import numpy as np
import pandas as pd
import pytest
import sklearn
from sklearn.model_selection import GridSearchCV, GroupKFold, cross_validate

from skpapers.llp import DLLPClassifier, make_bags


def _data():
    rng = np.random.RandomState(0)
    labels = rng.randint(0, 2, 80)
    X = rng.normal(size=(80, 3)) + labels[:, None]
    bags, proportions = make_bags(labels, 4, random_state=0)
    return X, proportions, bags


@pytest.mark.parametrize(
    "make",
    [
        lambda b: np.where(np.arange(b.size) == 5, pd.NA, b.astype(object)),
        lambda b: pd.Series(b, dtype="Int64").where(np.arange(b.size) != 5, pd.NA),
        lambda b: pd.Series(b.astype(str), dtype="string").where(
            np.arange(b.size) != 5, pd.NA
        ),
        lambda b: np.where(np.arange(b.size) == 5, None, b.astype(object)),
    ],
    ids=["object-pd.NA", "Int64-NA", "string-NA", "None"],
)
def test_missing_bag_id_is_named(make):
    X, y, bags = _data()
    with pytest.raises(ValueError, match=r"bags has missing values"):
        DLLPClassifier().fit(X, y, bags=make(bags))


def test_mixed_bag_ids_are_named():
    X, y, bags = _data()
    mixed = bags.astype(object)
    mixed[::2] = [str(b) for b in bags[::2]]
    with pytest.raises(ValueError, match=r"bags mixes labels of types int and str"):
        DLLPClassifier().fit(X, y, bags=mixed)


def test_search_without_routing_says_to_enable_it():
    X, y, bags = _data()
    search = GridSearchCV(DLLPClassifier(), {"C": [0.1, 1.0]}, cv=GroupKFold(2))
    with sklearn.config_context(enable_metadata_routing=False):
        with pytest.raises(ValueError, match=r"enable_metadata_routing=True"):
            search.fit(X, y, bags=bags, groups=bags)
        with pytest.raises(ValueError, match=r"metadata routing off"):
            cross_validate(DLLPClassifier(), X, y, groups=bags, params={"bags": bags},
                           cv=GroupKFold(2), error_score="raise")
        # a direct fit is the ordinary use: no search, no routing needed
        DLLPClassifier().fit(X, y, bags=bags)


def test_search_with_routing_scores():
    X, y, bags = _data()
    search = GridSearchCV(DLLPClassifier(), {"C": [0.1, 1.0]}, cv=GroupKFold(2))
    with sklearn.config_context(enable_metadata_routing=True):
        search.fit(X, y, bags=bags, groups=bags)
    assert np.isfinite(search.best_score_)
