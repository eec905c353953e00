"""Pipeline component that turns gazetteer hits and amounts into events and relevance features.

doc._.irw_events: event dicts with the sentence and its character offsets into doc.text.
doc._.irw_features: nlp.relevance.Features for the doc.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from nlp.events import deals, sanctions, trade
from nlp.events.context import INDIA, RUSSIA, SIDE_OF_ORG, SIDE_OF_SYSTEM, Hit, SentenceView
from nlp.gazetteer import SPANS_KEY
from nlp.relevance import Features

for _name in ("irw_events", "irw_features"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("irw_published"):
    Doc.set_extension("irw_published", default=None)

# "both nations", "the two sides": the pair the story is about, once a sentence has named it
DYAD_REFERENCE = re.compile(r"\b(?:both (?:nations|countries|sides|governments)|the two (?:nations|countries|sides|"
                            r"governments|partners|neighbours|leaders)|bilateral)\b", re.IGNORECASE)

OURS = {INDIA, RUSSIA}


@Language.factory("irwatch_events", default_config={"relevance_threshold": 0.5})
def make_events(nlp: Language, name: str, relevance_threshold: float):
    return EventExtractor(relevance_threshold)


class EventExtractor:
    def __init__(self, relevance_threshold: float):
        self.relevance_threshold = relevance_threshold

    def __call__(self, doc: Doc) -> Doc:
        published: date | None = doc._.irw_published
        spans = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else []
        hits = [Hit(s.label_, s.kb_id_, s.start_char, s.end_char, s.text, s.start) for s in spans]
        amounts = doc._.irw_amounts or []
        features = Features()
        events: list[dict] = []
        previous: set[str] = set()
        previous_metric: str | None = None
        previous_regime = None
        last_system: tuple[str, int] | None = None  # (system, sentence index) for follow-up sentences
        previous_year: int | None = None
        dyad_named = False  # a sentence so far has named India and Russia together
        hit_starts = [h.start for h in hits]
        amount_starts = [a.start for a in amounts]
        for sent in doc.sents:
            s_start, s_end = sent.start_char, sent.end_char
            # both lists are sorted by start: slice out the ones inside this sentence
            sent_hits = hits[bisect_left(hit_starts, s_start) : bisect_left(hit_starts, s_end)]
            sent_amounts = amounts[bisect_left(amount_starts, s_start) : bisect_left(amount_starts, s_end)]
            features.sentences += 1
            if not sent_hits:
                previous_metric = previous_regime = previous_year = None
                continue
            view = SentenceView(
                text=sent.text, start=s_start, end=s_end,
                lower=[t.lower_ for t in sent], tok_chars=[t.idx for t in sent],
                hits=[_relative(h, sent.start) for h in sent_hits], amounts=sent_amounts,
            )
            countries = view.countries()
            _count_sides(features, view)
            context = previous
            if dyad_named and not countries and DYAD_REFERENCE.search(view.text):
                context = {INDIA, RUSSIA}
            figures = trade.extract(view, published, context, previous_metric, previous_year)
            sanction_events = sanctions.extract(view, previous_regime)
            # "India has received three of the five squadrons it ordered." two sentences after the S-400
            carried = last_system[0] if last_system and features.sentences - last_system[1] <= 2 else None
            deal_events = deals.extract(view, published, carried)
            # a figure that is a deal's price ("a deal worth about $13 billion a year") is not trade
            prices = {d["value_start"] for d in deal_events if d["value_start"] is not None}
            figures = [f for f in figures if f["mention_start"] not in prices]
            # "..., specifically in Amethi": a site named in a follow-up sentence belongs to the system before
            if carried and view.ids("SITE"):
                for event in reversed(events):
                    if event["type"] == "deal" and event["system"] == carried:
                        event["site"] = event.get("site") or sorted(view.ids("SITE"))[0]
                        break
            found = [*sanction_events, *deal_events, *figures]
            for event in found:
                event["sentence"] = sent.text
                event["start"] = s_start
                event["end"] = s_end
                events.append(event)
            if countries:
                previous = countries
                dyad_named = dyad_named or {INDIA, RUSSIA} <= countries
            previous_regime = (sanction_events[-1]["regime"], None) if sanction_events else None
            named = {d["system"] for d in deal_events}
            if len(named) == 1:
                last_system = (named.pop(), features.sentences)
            elif named or view.of("SYSTEM"):
                last_system = None
            # a trade metric carries over one sentence only
            actuals = [f for f in figures if not f["is_target"]]
            previous_year = actuals[-1]["year"] if actuals else None
            previous_metric = figures[-1]["metric"] if figures else (
                next(iter(view.ids("TRADE_CUE")), None) if view.of("TRADE_CUE") else None)
        doc._.irw_events = events
        doc._.irw_features = features
        return doc


def _count_sides(features: Features, view: SentenceView) -> None:
    sides = view.countries(systems=True)
    third = sides - OURS  # any other country or bloc (nlp/patterns/countries.jsonl)
    features.india += INDIA in sides
    features.third_sents += bool(third)
    features.russia += RUSSIA in sides
    features.ours += sum(1 for h in view.hits if h.id in (INDIA, RUSSIA) or SIDE_OF_ORG.get(h.id)
                         or SIDE_OF_SYSTEM.get(h.id))
    features.third += sum(1 for h in view.hits if h.label == "GPE_DOMAIN" and h.id not in OURS)
    features.bilateral += sum(1 for h in view.hits if "both" in (SIDE_OF_ORG.get(h.id), SIDE_OF_SYSTEM.get(h.id)))
    if {INDIA, RUSSIA} <= sides:
        if _listed(view):
            features.listed += 1
        elif not third:
            features.both += 1
        elif len(third) <= 2:
            features.both_mixed += 1
    # CAATSA next to India is India-Russia arms trade news whoever else is named
    if INDIA in sides and "CAATSA" in view.ids("REGIME"):
        features.bilateral += 1


LIST_SEPARATORS = {",", "and", "or", "&", "as", "well", "including"}


def _listed(view: SentenceView) -> bool:
    """India and Russia inside a list of three or more countries ("Brazil, Russia, India, China and ...")."""
    places = sorted((h.tok, view.tok_at(h.end - 1), h.id) for h in view.hits if h.label == "GPE_DOMAIN")
    run: set[str] = set()
    last_end = None
    for tok, end, ident in places:
        between = view.lower[last_end + 1 : tok] if last_end is not None else None
        if between is not None and all(w in LIST_SEPARATORS for w in between):
            run.add(ident)
        else:
            run = {ident}
        last_end = end
        if len(run) >= 3 and {INDIA, RUSSIA} <= run:
            return True
    return False


def _relative(hit: Hit, sent_start_token: int) -> Hit:
    return Hit(hit.label, hit.id, hit.start, hit.end, hit.text, hit.tok - sent_start_token)
