"""Real time series for chapter 01, from ``statsmodels`` (an ordinary dependency, offline).

* :func:`load_sunspots`: yearly sunspot numbers, 1700-2008 (309 values; public domain, NOAA).
* :func:`load_co2`: atmospheric CO2 at Mauna Loa, 1958-2001, weekly flask samples averaged to
  months (public domain; Keeling & Whorf, CDIAC).

Both are split **by time**: the earliest part trains, the next validates, the latest tests, so a
model never trains on the future of what it is tested on. Scaling statistics come from the
training part only. ``result.windows(24)`` (:meth:`TimeSeriesData.windows`, through
:func:`~lstm_course.datasets.splits.make_windows`) cuts (window -> next value) pairs whose
target always lies in the split it belongs to.
"""

from __future__ import annotations

import pandas as pd

from .results import TimeSeriesData
from .splits import split_by_time


def _time_series_data(
    name: str, series: pd.Series, validation: float, test: float, source: str, description: str
) -> TimeSeriesData:
    train, val, tst = split_by_time(series, validation, test)
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
    return _time_series_data(
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
    return _time_series_data(
        "co2",
        series,
        validation,
        test,
        f"statsmodels {_statsmodels_version()} (bundled with the package, offline)",
        "Atmospheric CO2 in ppm at Mauna Loa, 1958-2001 (Keeling & Whorf, CDIAC; public "
        f"domain), weekly samples averaged per {freq!r} and gaps interpolated in time. "
        "A rising trend with a yearly cycle.",
    )
