"""The shipped real data sets: counts from the papers, Bunch layout, checksums."""

import bz2
import csv
import hashlib
import io
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.utils import Bunch

from skpapers.datasets import load_magic, load_phoneme, load_pima, load_satimage
from skpapers.datasets._keel import _SETS, DATA_DIR, _load_keel

# (loader, name, rows, features, positives): Pima and Phoneme from the SMOTE
# paper's Table 1; Satimage's rows from the paper and its smallest class
# (UCI: 626 rows of 'damp grey soil'); Magic from UCI (6,688 hadrons).
COUNTS = [
    (load_pima, "pima", 768, 8, 268),
    (load_phoneme, "phoneme", 5404, 5, 1586),
    (load_satimage, "satimage", 6435, 36, 626),
    (load_magic, "magic", 19020, 10, 6688),
]
IDS = [name for _, name, *_ in COUNTS]


@pytest.mark.parametrize(("loader", "name", "n_rows", "n_features", "n_pos"),
                         COUNTS, ids=IDS)
def test_counts_and_bunch(loader, name, n_rows, n_features, n_pos):
    data = loader()
    assert isinstance(data, Bunch)
    assert data.data.shape == (n_rows, n_features)
    assert data.data.dtype == np.float64 and data.target.dtype == np.int64
    assert set(np.unique(data.target)) == {0, 1}
    assert int(data.target.sum()) == n_pos
    assert len(data.feature_names) == n_features
    assert len(data.target_names) == 2
    assert data.frame is None
    assert data.filename.endswith(_SETS[name].filename)
    assert "Provenance" in data.DESCR and "KEEL" in data.DESCR
    assert np.isfinite(data.data).all()


def test_paper_prevalences():
    # Satimage: about 9.7 % (SMOTE paper); Magic: about 35 % (issue 12).
    assert round(float(load_satimage().target.mean()), 3) == 0.097
    assert round(float(load_magic().target.mean()), 2) == 0.35


@pytest.mark.parametrize(("loader", "name", "n_rows", "n_features", "n_pos"),
                         COUNTS, ids=IDS)
def test_values_match_an_independent_reader(loader, name, n_rows, n_features, n_pos):
    """The csv module on the decompressed file gives the same numbers and labels."""
    spec = _SETS[name]
    text = bz2.decompress((DATA_DIR / spec.filename).read_bytes()).decode()
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    expected_X = np.array([[float(v) for v in row[:-1]] for row in rows])
    expected_y = np.array([row[-1] == spec.positive_label for row in rows])
    X, y = loader(return_X_y=True)
    np.testing.assert_array_equal(X, expected_X)
    np.testing.assert_array_equal(y, expected_y.astype(int))


def test_pima_first_row_is_the_uci_first_row():
    X, y = load_pima(return_X_y=True)
    np.testing.assert_array_equal(X[0], [6, 148, 72, 35, 0, 33.6, 0.627, 50])
    assert y[0] == 1


@pytest.mark.parametrize(("loader", "name", "n_rows", "n_features", "n_pos"),
                         COUNTS, ids=IDS)
def test_as_frame_and_return_X_y(loader, name, n_rows, n_features, n_pos):
    X, y = loader(return_X_y=True)
    assert X.shape == (n_rows, n_features) and y.shape == (n_rows,)

    data = loader(as_frame=True)
    assert isinstance(data.data, pd.DataFrame) and isinstance(data.target, pd.Series)
    assert list(data.data.columns) == list(data.feature_names)
    assert (data.data.dtypes == np.float64).all() and data.target.dtype == np.int64
    assert data.target.name == "target"
    assert data.frame.shape == (n_rows, n_features + 1)
    pd.testing.assert_series_equal(data.frame["target"], data.target)
    np.testing.assert_array_equal(data.data.to_numpy(), X)

    X_frame, y_series = loader(return_X_y=True, as_frame=True)
    assert isinstance(X_frame, pd.DataFrame) and isinstance(y_series, pd.Series)
    np.testing.assert_array_equal(y_series.to_numpy(), y)


def test_corrupt_file_is_refused(tmp_path):
    spec = _SETS["phoneme"]
    raw = bytearray((DATA_DIR / spec.filename).read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / spec.filename).write_bytes(bytes(raw))
    with pytest.raises(OSError, match=r"phoneme\.csv\.bz2 is corrupt: its SHA-256"):
        _load_keel("phoneme", data_dir=tmp_path)


def test_intact_copy_loads_and_missing_file_is_named(tmp_path):
    spec = _SETS["pima"]
    shutil.copy(DATA_DIR / spec.filename, tmp_path / spec.filename)
    X, y = _load_keel("pima", return_X_y=True, data_dir=tmp_path)
    assert X.shape == (768, 8)
    with pytest.raises(OSError, match=r"satimage\.csv\.bz2 is missing"):
        _load_keel("satimage", data_dir=tmp_path)


def test_provenance_file_lists_the_checked_hashes():
    text = (DATA_DIR / "PROVENANCE.md").read_text()
    for spec in _SETS.values():
        actual = hashlib.sha256((DATA_DIR / spec.filename).read_bytes()).hexdigest()
        assert actual == spec.sha256
        row = next(line for line in text.splitlines() if f"`{spec.filename}`" in line)
        assert spec.sha256 in row and spec.wheel_path in row


@pytest.mark.parametrize("loader", [load_pima, load_magic])
def test_bad_arguments(loader):
    with pytest.raises(ValueError, match=re.escape("'as_frame' parameter")):
        loader(as_frame="yes")
    with pytest.raises(ValueError, match=re.escape("'return_X_y' parameter")):
        loader(return_X_y=None)
