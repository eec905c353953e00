"""The deals register's matching and status rules (irwatch/deal_matching.py), as tables."""

from __future__ import annotations

from datetime import date

import pytest

from irwatch.deal_matching import Report, assign, counterparty, programme, rank, standing


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Deliveries under the 2018 contract for five squadrons continue.", "2018"),
    ("The deal was signed in October 2018 in New Delhi.", "2018"),
    ("India inked the agreement in 2021 for the rifles.", "2021"),
    ("Both sides signed in 2019 during the summit.", "2019"),
    ("The $5.43 billion 2018 deal is on track.", "2018"),
    ("Talks on an additional order of squadrons are under way.", "follow-on"),
    ("A follow-on contract is being negotiated.", "follow-on"),
    ("The second batch of the system arrived.", None),        # a delivery under the same contract
    ("India placed a new order for more squadrons.", "follow-on"),
    ("The system will be delivered by 2026.", None),           # a delivery year is not a contract year
    ("In 2023 the army received the first units.", None),
    ("India received the first squadron.", None),
])
def test_programme(sentence, expected):
    assert programme(sentence) == expected


@pytest.mark.parametrize(("parties", "expected"), [
    (["India", "Russia"], "Russia"),
    (["Russia", "Rosoboronexport", "India"], "Russia"),
    (["India", "Rosatom"], "Russia"),
    (["India"], "Russia"),
    (["India", "United States"], "Russia"),   # "despite US sanctions": the US is not a side of the deal
    (["Russia", "Turkey", "United States"], "Turkey"),
    (["China", "Russia"], "China"),
    ([], "Russia"),
    (None, "Russia"),
])
def test_counterparty(parties, expected):
    assert counterparty(parties) == expected


def _r(mid, status, day, prog=None, article=None):
    return Report(mid, article or mid, "S-400", "Russia", prog, status, day)


def test_unstated_programme_goes_to_the_earliest_stated_contract():
    reports = [_r(1, "delivered", date(2022, 1, 1)), _r(2, "signed", date(2018, 10, 5), "2018"),
               _r(3, "negotiating", date(2024, 1, 1), "follow-on"), _r(4, "signed", date(2015, 1, 1), "2021")]
    assert assign(reports) == {1: "2018", 2: "2018", 3: "follow-on", 4: "2021"}


def test_no_stated_programme_is_unspecified():
    assert assign([_r(1, "signed", None)]) == {1: "unspecified"}


@pytest.mark.parametrize(("reports", "status", "since", "conflicting"), [
    # climbs the ladder: the furthest stage, dated by its first report
    ([_r(1, "signed", date(2018, 10, 5)), _r(2, "delivered", date(2021, 12, 1)), _r(3, "delivered", date(2022, 3, 1))],
     "delivered", date(2021, 12, 1), set()),
    # a later report of an earlier stage is kept and flagged, the status does not fall back
    ([_r(1, "delivered", date(2021, 12, 1)), _r(2, "negotiating", date(2023, 5, 1))],
     "delivered", date(2021, 12, 1), {2}),
    # same-day reports do not contradict each other
    ([_r(1, "signed", date(2021, 12, 6)), _r(2, "approved", date(2021, 12, 6))], "signed", date(2021, 12, 6), set()),
    # cancelled only when reported after the furthest stage
    ([_r(1, "signed", date(2019, 1, 1)), _r(2, "cancelled", date(2020, 1, 1))], "cancelled", date(2020, 1, 1), set()),
    ([_r(1, "cancelled", date(2019, 1, 1)), _r(2, "signed", date(2020, 1, 1))], "signed", date(2020, 1, 1), set()),
    # nothing on the ladder
    ([_r(1, "unknown", date(2019, 1, 1))], "unknown", None, set()),
    ([], None, None, set()),
])
def test_standing(reports, status, since, conflicting):
    got = standing(reports)
    assert (got.status, got.status_since, set(got.conflicting)) == (status, since, conflicting)


def test_standing_does_not_depend_on_order():
    reports = [_r(1, "signed", date(2018, 10, 5)), _r(2, "delivered", date(2021, 12, 1)),
               _r(3, "approved", date(2022, 1, 1))]
    assert standing(reports) == standing(list(reversed(reports)))


@pytest.mark.parametrize(("status", "expected"), [("proposed", 0), ("commissioned", 6), ("cancelled", None),
                                                   ("unknown", None), (None, None)])
def test_rank(status, expected):
    assert rank(status) == expected
