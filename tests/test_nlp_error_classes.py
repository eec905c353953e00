"""Rules for the error classes real news exposed, one table each (sentences in our own words)."""

from __future__ import annotations

import pytest

from nlp.tagger import ArticleTagger

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tagger():
    return ArticleTagger()


def _events(tagger, text, kind):
    return [e for e in tagger.tag({"id": "t", "text": text})["events"] if e["type"] == kind]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("India and Russia met in Delhi on Monday. Both nations want bilateral trade to reach $50 billion by 2030.",
         50e9),
        ("Russian and Indian ministers talked trade. The two countries aim for a turnover of $80 billion by 2028.",
         80e9),
        ("Modi and Putin met in Kazan. The two sides set a target of $70 billion in trade by 2027.", 70e9),
    ],
)
def test_the_pair_referred_to_is_the_dyad_in_context(tagger, text, amount):
    [figure] = _events(tagger, text, "trade_figure")
    assert figure["amount_usd"] == pytest.approx(amount) and figure["is_target"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("India and Russia spoke. Officials expect the next S-400 squadron to arrive from Russia later this year.",
         "signed"),
        ("India signed for the S-400 with Russia; officials are awaiting the final unit to be delivered in 2026.",
         "signed"),
        ("Russia delivered the third S-400 squadron to India in April.", "delivered"),
    ],
)
def test_expected_outcomes_are_not_completed_ones(tagger, text, status):
    [deal] = _events(tagger, text, "deal")
    assert deal["status"] == status


@pytest.mark.parametrize(
    ("text", "status", "target"),
    [
        ("India and Russia held talks on defence. The talks also touched on questions about US sanctions.",
         "discussed", None),
        ("India's S-400 purchase from Russia exposes it to CAATSA.", "threatened", "India"),
        ("Washington warned its partners against big arms purchases from Russia, citing CAATSA, as India "
         "took its S-400 units.", None, "India"),
    ],
)
def test_sanction_status_and_target_follow_the_sentence(tagger, text, status, target):
    events = _events(tagger, text, "sanction")
    assert events
    if status:
        assert {e["status"] for e in events} == {status}
    assert all(e["target"] == target for e in events if e["caatsa"]) if target else True


@pytest.mark.parametrize(
    "text",
    [
        "India offered Russia a line of credit of $1 billion for the Far East, Modi said in Moscow.",
        "Rosneft, Russia's oil major, bought a 49 per cent stake in the Indian refiner for $12.9 billion.",
        "India's drug exports to Russia grew, though the Russian pharma market is worth about $20 billion.",
        "Indian refiners in Russia deals paid $3-$4 a barrel less than for Brent, Indian officials said.",
    ],
)
def test_an_amount_is_a_trade_figure_only_when_it_measures_trade(tagger, text):
    assert _events(tagger, text, "trade_figure") == []


def test_trade_next_to_a_deal_is_still_trade(tagger):
    text = "India-Russia trade reached $65 billion in 2024, and the two sides signed a rifle contract."
    [figure] = _events(tagger, text, "trade_figure")
    assert figure["amount_usd"] == pytest.approx(65e9)


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # a waiver asked for, recommended or wondered about is discussed; one granted is waived
        ("India bought the S-400 from Russia, and a senator sought clarity on a CAATSA waiver for New Delhi.",
         {("CAATSA", "discussed")}),
        ("Lawmakers recommended a waiver from CAATSA for India over its Russian S-400 purchase.",
         {("CAATSA", "discussed")}),
        ("The US granted India a waiver from CAATSA for the S-400 it bought from Russia.",
         {("CAATSA", "waived")}),
        # US listings of named Russian companies are OFAC's
        ("Indian refiners cut Russian crude after the US imposed sanctions on Rosneft and Lukoil.",
         {("OFAC SDN", "imposed")}),
        # the US and Europe together, or the West, are Western sanctions; the EU's own package is the EU's
        ("European countries and the US have imposed sanctions on Russia, while India kept buying its oil.",
         {("Western sanctions", "imposed")}),
        ("India's refiner was listed in the European Union's latest sanctions package against Russia.",
         {("EU sanctions package", "imposed")}),
        # sanctions on Russia that name nobody are Western sanctions
        ("India and Russia expanded rupee trade as sanctions against Russia limited dollar payments.",
         {("Western sanctions", "imposed")}),
    ],
)
def test_sanction_regime_and_status_follow_the_guideline(tagger, text, pairs):
    assert {(e["regime"], e["status"]) for e in _events(tagger, text, "sanction")} == pairs


def test_a_third_countrys_sanction_is_background(tagger):
    text = ("India is taking its S-400 units from Russia. The US imposed sanctions on Turkey under CAATSA "
            "for buying the same system from Russia.")
    assert not [e for e in _events(tagger, text, "sanction") if e["status"] == "imposed"]


@pytest.mark.parametrize(
    "text",
    [
        "Indian Oil signed a term contract with Rosneft for Russian crude supplies through next year.",
        "ONGC Videsh said its stake in Russia's Sakhalin-1 project is safe, India told Moscow.",
        "India and Russia agreed to speed up work on the Eastern Maritime Corridor between Chennai and Vladivostok.",
    ],
)
def test_energy_and_shipping_arrangements_are_not_deals(tagger, text):
    assert not _events(tagger, text, "deal")


@pytest.mark.parametrize(
    ("text", "system", "status"),
    [
        # an aircraft or missile system that is operational has been delivered; a ship is commissioned
        ("India's air force said its Russian-made S-400 squadrons are fully operational.", "S-400", "delivered"),
        ("INS Tamal, the Talwar-class frigate built in Russia, was commissioned into the Indian Navy.",
         "Talwar-class frigate", "commissioned"),
        # programmes the gazetteer learned from the corpus
        ("India walked out of the fifth-generation fighter aircraft programme it was building with Russia "
         "and the deal was scrapped.", "FGFA", "cancelled"),
    ],
)
def test_deal_system_and_status(tagger, text, system, status):
    events = {e["system"]: e["status"] for e in _events(tagger, text, "deal")}
    assert events.get(system) == status


@pytest.mark.parametrize(
    ("text", "regimes"),
    [
        # the act named beside "US sanctions" is one regime, CAATSA
        ("India raised the effect of US sanctions against Russia under CAATSA on its arms purchases from Moscow.",
         {"CAATSA"}),
        # a US listing of a Russian company named next to the sanctions word is OFAC's
        ("Indian banks paused payments after fresh US sanctions on Russia's Rosneft were announced.", {"OFAC SDN"}),
        # another country sanctioned by name is background, whoever else is in the sentence
        ("The US sanctioned China's arms agency for buying the S-400 that India also buys from Russia.", set()),
    ],
)
def test_sanction_regime_follows_what_the_sentence_names(tagger, text, regimes):
    assert {e["regime"] for e in _events(tagger, text, "sanction")} == regimes


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # the delivery noun alone is the contract's scope; with a word of completion, units have arrived
        ("Russia paused the delivery of two S-400 batteries to India over late payments.", "signed"),
        ("Moscow says the delivery of the S-400 to India is on schedule.", "signed"),
        ("Deliveries of the S-400 to India began in 2021.", "delivered"),
        ("India has received three S-400 squadrons from Russia.", "delivered"),
        # a request is a negotiation, a decision to buy an approval
        ("India requested that Russia deliver more Igla-S missiles.", "negotiating"),
        ("India's air force decided to purchase 21 MiG-29 jets from Russia.", "approved"),
    ],
)
def test_deal_status_reads_what_happened(tagger, text, status):
    assert {e["status"] for e in _events(tagger, text, "deal")} == {status}


@pytest.mark.parametrize(
    "text",
    [
        # money owed, earned or held is not trade (ANNOTATION.md 5)
        "Dividends of about $300 million owed to Indian oil firms by their Russian ventures are stuck.",
        "Indian payments of $2 billion for Russian arms have been held up for a year.",
        "Sanctions froze much of Russia's $300 billion central bank reserves, India's officials noted.",
        # another pair's figure
        "India and Russia held trade talks in Moscow. India's trade with the Eurasian Economic Union reached "
        "$69 billion last year.",
    ],
)
def test_money_that_does_not_measure_india_russia_trade(tagger, text):
    assert not _events(tagger, text, "trade_figure")


def test_a_figure_restated_in_dollars_is_one_figure(tagger):
    text = "India's imports from Russia reached 500 billion rupees ($6 billion) in the quarter."
    assert [round(e["amount_usd"]) for e in _events(tagger, text, "trade_figure")] == [6_000_000_000]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        # US sanctions over a Russian weapon India buys are CAATSA's (the act, described)
        ("India's S-400 purchase from Russia could invite US sanctions.", {("CAATSA", "threatened")}),
        # sanctions by "the West" are Western sanctions
        ("India kept buying Russian oil amid sanctions imposed by the West on Moscow.",
         {("Western sanctions", "imposed")}),
    ],
)
def test_sanctions_described_not_named(tagger, text, pairs):
    assert {(e["regime"], e["status"]) for e in _events(tagger, text, "sanction")} == pairs
