"""Time series for chapter 01: split by time, scaled with training statistics, windows that
never read their own future."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lstm_course.datasets import TimeSeriesData, load_co2, load_sunspots
from lstm_course.datasets.splits import make_windows


@pytest.fixture(scope="module")
def sunspots():
    return load_sunspots()


def test_sunspots_split_by_time(sunspots):
    assert len(sunspots.series) == 309
    assert (len(sunspots.train), len(sunspots.validation), len(sunspots.test)) == (217, 46, 46)
    assert sunspots.train.index.max() < sunspots.validation.index.min()
    assert sunspots.validation.index.max() < sunspots.test.index.min()
    assert sunspots.series.index[0].year == 1700 and sunspots.series.index[-1].year == 2008
    assert "statsmodels" in sunspots.source
    # scaling statistics come from the training years only
    assert sunspots.mean == pytest.approx(sunspots.train.mean())
    assert sunspots.std == pytest.approx(sunspots.train.std())
    assert sunspots.mean != pytest.approx(sunspots.series.mean())
    np.testing.assert_allclose(
        sunspots.unscale(sunspots.scale(sunspots.test.to_numpy())), sunspots.test, rtol=1e-5
    )


def test_co2_monthly_without_gaps():
    co2 = load_co2()
    assert len(co2.series) == 526 and not co2.series.isna().any()
    assert co2.series.index.is_monotonic_increasing
    assert co2.test.mean() > co2.train.mean()  # the rising trend: the future is not the past
    weekly = load_co2(freq="W-SAT")
    assert len(weekly.series) == 2284 and not weekly.series.isna().any()


@pytest.mark.parametrize("look_back", [True, False])
def test_windows_never_read_their_target_or_later(sunspots, look_back):
    # the same split, with each value replaced by its time index: a value says where it is
    steps = pd.Series(np.arange(309, dtype=float), index=sunspots.series.index)
    n_train, n_val = len(sunspots.train), len(sunspots.validation)
    data = TimeSeriesData(
        "steps",
        steps,
        steps[:n_train],
        steps[n_train : n_train + n_val],
        steps[n_train + n_val :],
        "test",
        "test",
    )
    window, horizon = 10, 3
    bounds = {"train": (0, 217), "validation": (217, 263), "test": (263, 309)}
    for split, (X, y) in data.windows(window, horizon, scaled=False, look_back=look_back).items():
        start, stop = bounds[split]
        assert X.shape[1:] == (window, 1) and X.shape[0] == y.shape[0] > 0
        assert y.min() >= start and y.max() < stop  # every target lies in its own split
        assert (X[:, -1, 0] == y - horizon).all()  # inputs end `horizon` steps before it
        assert (np.diff(X[:, :, 0], axis=1) == 1).all()  # consecutive steps, in order
        assert y[-1] == stop - 1  # no target is wasted at the end of a split
        if look_back:
            assert split == "train" or X[0, 0, 0] < start  # reads the (known) past
        else:
            assert X[:, 0, 0].min() >= start  # wholly inside its split


def test_make_windows_counts_and_bad_input():
    v = np.arange(20, dtype=np.float32)
    X, y = make_windows(v, window=4, horizon=1)
    assert X.shape == (16, 4, 1) and y[0] == 4 and list(X[0, :, 0]) == [0, 1, 2, 3]
    X, y = make_windows(v, window=4, start=10, stop=15)
    assert list(y) == [10, 11, 12, 13, 14] and X[0, 0, 0] == 6  # looks back into the past
    X, y = make_windows(v, window=4, start=10, stop=15, look_back=False)
    assert list(y) == [14] and X[0, 0, 0] == 10
    X, y = make_windows(v, window=30)
    assert X.shape == (0, 30, 1) and y.shape == (0,)
    with pytest.raises(ValueError, match="window must be >= 1, got 0"):
        make_windows(v, window=0)
    with pytest.raises(ValueError, match="need 0 <= start <= stop"):
        make_windows(v, window=2, start=15, stop=5)
    with pytest.raises(ValueError, match="split fractions must sum to < 1"):
        load_sunspots(validation=0.6, test=0.4)
