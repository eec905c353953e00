"""Convert amounts to US dollars with a dated exchange-rate table kept as data (``data/fx_rates.csv``).

The table holds ``currency,year,month,usd_per_unit,source`` rows: yearly averages (``month`` empty) for
INR, RUB, EUR, CNY and GBP, plus monthly rows where they matter (RUB in 2022)::

    >>> c = to_usd(5e10, "INR", datetime.date(2023, 6, 1))   # Rs 5,000 crore in 2023
    >>> (round(c.usd / 1e6), c.rate_year, c.rate_month)
    (606, 2023, None)
    >>> to_usd(1.0, "XYZ") is None
    True

Rate choice for a date ``on``: the monthly row for that month if there is one, else the yearly row for
that year, else the latest row before it (so a date after the table gets the latest row).  A date before
the table gets the earliest row.  Without a date, the latest year is used.  USD converts at 1.0.
"""

from __future__ import annotations

import csv
import datetime
import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Conversion", "to_usd", "RATES_PATH"]

RATES_PATH = Path(__file__).with_name("data") / "fx_rates.csv"


@dataclass(frozen=True)
class Conversion:
    """``usd = value * rate``; ``rate`` is USD per unit of ``currency`` for ``rate_year``/``rate_month``."""

    usd: float
    rate: float
    rate_year: int
    rate_month: int | None
    currency: str


@functools.cache
def _table() -> dict[str, dict[tuple[int, int | None], float]]:
    """``{"INR": {(2023, None): 0.0121, ...}, "RUB": {(2022, 3): 0.00966, ...}}``, read once."""
    table: dict[str, dict[tuple[int, int | None], float]] = {}
    with RATES_PATH.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            month = int(row["month"]) if (row.get("month") or "").strip() else None
            key = (int(row["year"]), month)
            table.setdefault(row["currency"].strip().upper(), {})[key] = float(row["usd_per_unit"])
    return table


def _pick(rates: dict[tuple[int, int | None], float], on: datetime.date | None) -> tuple[int, int | None]:
    """The key of the rate to use on ``on`` (see the module docstring)."""
    years = sorted({year for year, _ in rates})

    def best_in_year(year: int, month_limit: int | None) -> tuple[int, int | None] | None:
        if (year, None) in rates:
            return (year, None)
        months = [m for y, m in rates if y == year and m is not None and (month_limit is None or m <= month_limit)]
        return (year, max(months)) if months else None

    if on is None:
        return best_in_year(years[-1], None) or (years[-1], None)
    if (on.year, on.month) in rates:
        return (on.year, on.month)
    if on.year in years:
        found = best_in_year(on.year, on.month)
        if found is not None:
            return found
    for year in reversed(years):
        if year < on.year:
            found = best_in_year(year, None)
            if found is not None:
                return found
    first = years[0]
    if (first, None) in rates:
        return (first, None)
    return (first, min(m for y, m in rates if y == first and m is not None))


def to_usd(value: float, currency: str, on: datetime.date | None = None) -> Conversion | None:
    """Convert ``value`` units of ``currency`` (ISO code) to USD at the rate in force on ``on``.

    >>> to_usd(100.0, "usd").usd
    100.0
    >>> c = to_usd(1e9, "RUB", datetime.date(2022, 3, 15))
    >>> (c.rate_year, c.rate_month)
    (2022, 3)
    """
    if not isinstance(currency, str):
        return None
    code = currency.strip().upper()
    table = _table()
    if code == "USD":
        if on is not None:
            year = on.year
        else:
            year = max((y for rates in table.values() for y, _ in rates), default=datetime.date.today().year)
        return Conversion(usd=float(value), rate=1.0, rate_year=year, rate_month=None, currency="USD")
    rates = table.get(code)
    if not rates:
        return None
    key = _pick(rates, on)
    rate = rates[key]
    return Conversion(usd=value * rate, rate=rate, rate_year=key[0], rate_month=key[1], currency=code)
