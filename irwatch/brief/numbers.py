"""How the brief writes numbers: money in USD, counts with their change against the previous period."""

from __future__ import annotations

from decimal import Decimal

MINUS = "\u2212"   # a real minus sign: a hyphen reads as a dash in a headline figure


def _trim(value: float, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd(amount: float | Decimal | None) -> str:
    """'$30 bn', '$65.7 bn', '$676 mn', '$12,500'; '–' when there is no amount.

    >>> usd(65.7e9)
    '$65.7 bn'
    """
    if amount is None:
        return "–"
    value = float(amount)
    sign = MINUS if value < 0 else ""
    value = abs(value)
    if value >= 1e9:
        return f"{sign}${_trim(value / 1e9, 1 if value < 100e9 else 0)} bn"
    if value >= 1e6:
        return f"{sign}${_trim(value / 1e6, 1 if value < 100e6 else 0)} mn"
    return f"{sign}${value:,.0f}"


def stated(amount: float | Decimal | None, currency: str | None) -> str:
    """The figure in the currency the article stated: 'INR 5,000,000,000', 'USD 30,000,000,000'."""
    if amount is None:
        return "–"
    return f"{currency or '?'} {float(amount):,.0f}"


def signed(delta: int) -> str:
    """'+2', '−1', '±0'."""
    if delta > 0:
        return f"+{delta:,}"
    if delta < 0:
        return f"{MINUS}{-delta:,}"
    return "±0"


def change(current: int, previous: int) -> str:
    """The change against the previous period: '+2 (+67%)', '−1 (−25%)', '+3 (new)', '±0'.

    >>> change(5, 3)
    '+2 (+67%)'
    """
    delta = current - previous
    if delta == 0:
        return "±0"
    if previous == 0:
        return f"{signed(delta)} (new)"
    percent = round(100 * delta / previous)
    return f"{signed(delta)} ({signed(percent)}%)"


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 story', '3 stories', '0 articles'."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
