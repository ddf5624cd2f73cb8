"""Real time series for chapter 01, from ``statsmodels`` (an ordinary dependency, offline).

* :func:`load_sunspots`: yearly sunspot numbers, 1700-2008 (309 values; public domain, NOAA).
* :func:`load_co2`: atmospheric CO2 at Mauna Loa, 1958-2001, weekly flask samples averaged to
  months (public domain; Keeling & Whorf, CDIAC).

Both are split **by time**: the earliest part trains, the next validates, the latest tests, so a
model never trains on the future of what it is tested on. Scaling statistics come from the
training part only. :func:`make_windows` cuts (window -> next value) pairs whose target always
lies in the split it belongs to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .results import TimeSeriesData, check_fractions, check_positive


def make_windows(
    values,
    window: int,
    horizon: int = 1,
    start: int = 0,
    stop: int | None = None,
    look_back: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Sliding windows over a 1-D series: ``X[k] = values[i:i+window]``,
    ``y[k] = values[i+window+horizon-1]``.

    Only windows whose target index lies in ``[start, stop)`` are made. With ``look_back``
    a window may begin before ``start`` (it reads the past, which is known); without it every
    window lies wholly inside ``[start, stop)``. Either way no window ever reads a value at or
    after its target.

    Returns:
        ``X`` of shape ``(n, window, 1)`` and ``y`` of shape ``(n,)``, both ``float32``
        (``n`` may be 0 when the range is shorter than a window).
    """
    window = check_positive("window", window)
    horizon = check_positive("horizon", horizon)
    v = np.asarray(values, dtype=np.float32).reshape(-1)
    stop = len(v) if stop is None else stop
    if not 0 <= start <= stop <= len(v):
        raise ValueError(f"need 0 <= start <= stop <= {len(v)}, got start={start}, stop={stop}")
    first_input = 0 if look_back else start
    targets = np.arange(max(start, first_input + window + horizon - 1), stop)
    if len(targets) == 0:
        return np.zeros((0, window, 1), np.float32), np.zeros((0,), np.float32)
    begins = targets - horizon - window + 1
    X = np.stack([v[b : b + window] for b in begins])[..., None]
    return X, v[targets]


def _split_by_time(
    name: str, series: pd.Series, validation: float, test: float, source: str, description: str
) -> TimeSeriesData:
    check_fractions(validation, test)
    n = len(series)
    n_test, n_val = int(round(n * test)), int(round(n * validation))
    n_train = n - n_val - n_test
    train = series.iloc[:n_train]
    val = series.iloc[n_train : n_train + n_val]
    tst = series.iloc[n_train + n_val :]
    mean, std = float(train.mean()), float(train.std())
    std = std if std > 0 else 1.0
    cut = (
        f" Split by time: train {train.index[0]:%Y}-{train.index[-1]:%Y} ({len(train)}), "
        f"validation {len(val)}, test {len(tst)} (the latest)."
    )
    return TimeSeriesData(name, series, train, val, tst, source, description + cut, mean, std)


def _statsmodels_version() -> str:
    import statsmodels

    return statsmodels.__version__


def load_sunspots(validation: float = 0.15, test: float = 0.15) -> TimeSeriesData:
    """Yearly sunspot numbers 1700-2008 (309 values) from ``statsmodels.datasets.sunspots``.

    Args:
        validation, test: fractions of the series, taken from its end (test is the latest).
    """
    from statsmodels.datasets import sunspots

    df = sunspots.load_pandas().data
    index = pd.to_datetime(df["YEAR"].astype(int).astype(str), format="%Y")
    series = pd.Series(df["SUNACTIVITY"].to_numpy(float), index=index, name="sunspots")
    series.index.name = "year"
    return _split_by_time(
        "sunspots",
        series,
        validation,
        test,
        f"statsmodels {_statsmodels_version()} (bundled with the package, offline)",
        "Yearly mean sunspot number, 1700-2008 (NOAA NGDC; public domain), as shipped in "
        "statsmodels.datasets.sunspots. A cycle of about 11 years.",
    )


def load_co2(validation: float = 0.15, test: float = 0.15, freq: str = "MS") -> TimeSeriesData:
    """Atmospheric CO2 (ppm) at Mauna Loa from ``statsmodels.datasets.co2``, 1958-2001.

    The weekly flask samples (59 of 2,284 weeks missing) are averaged per period ``freq``
    (default ``"MS"``: months, 526 values) and the few remaining gaps are interpolated in time.
    Pass ``freq="W-SAT"`` for the weekly series (gaps interpolated).
    """
    from statsmodels.datasets import co2

    raw = co2.load_pandas().data["co2"]
    series = raw.resample(freq).mean().interpolate("time").dropna()
    series.name = "co2"
    series.index.name = "date"
    return _split_by_time(
        "co2",
        series,
        validation,
        test,
        f"statsmodels {_statsmodels_version()} (bundled with the package, offline)",
        "Atmospheric CO2 in ppm at Mauna Loa, 1958-2001 (Keeling & Whorf, CDIAC; public "
        f"domain), weekly samples averaged per {freq!r} and gaps interpolated in time. "
        "A rising trend with a yearly cycle.",
    )
