"""Pipeline component that turns gazetteer hits and amounts into events and relevance features.

doc._.irw_events: event dicts with the sentence and its character offsets into doc.text.
doc._.irw_features: nlp.relevance.Features for the doc.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from nlp.events import deals, sanctions, trade
from nlp.events.context import INDIA, RUSSIA, Hit, SentenceView
from nlp.gazetteer import SPANS_KEY
from nlp.relevance import Features

for _name in ("irw_events", "irw_features"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
if not Doc.has_extension("irw_published"):
    Doc.set_extension("irw_published", default=None)

DOMAIN_SYSTEMS_ARE_BILATERAL = True
THIRD = {"United States", "China", "Turkey", "Pakistan", "Japan", "Ukraine", "European Union", "Iran",
         "United Kingdom", "Israel", "France", "Germany"}


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
        hit_i = amount_i = 0
        for sent in doc.sents:
            s_start, s_end = sent.start_char, sent.end_char
            while hit_i < len(hits) and hits[hit_i].start < s_start:
                hit_i += 1
            sent_hits = []
            j = hit_i
            while j < len(hits) and hits[j].start < s_end:
                sent_hits.append(hits[j])
                j += 1
            while amount_i < len(amounts) and amounts[amount_i].start < s_start:
                amount_i += 1
            sent_amounts = []
            k = amount_i
            while k < len(amounts) and amounts[k].start < s_end:
                sent_amounts.append(amounts[k])
                k += 1
            features.sentences += 1
            if not sent_hits:
                previous_metric = None
                continue
            view = SentenceView(
                text=sent.text, start=s_start, end=s_end,
                lower=[t.lower_ for t in sent], tok_chars=[t.idx for t in sent],
                hits=[_relative(h, sent.start) for h in sent_hits], amounts=sent_amounts,
            )
            countries = view.countries()
            features.india += sum(1 for h in sent_hits if h.id == INDIA)
            features.russia += sum(1 for h in sent_hits if h.id == RUSSIA)
            features.other += sum(1 for h in sent_hits if h.label == "GPE_DOMAIN" and h.id in THIRD)
            features.domain += sum(1 for h in sent_hits if h.label == "SYSTEM" or h.id == "CAATSA"
                                   or h.id in ("Indo-Russia Rifles", "Nayara Energy"))
            if {INDIA, RUSSIA} <= countries:
                features.both_sentences += 1
            figures = trade.extract(view, published, previous, previous_metric)
            found = [*sanctions.extract(view), *deals.extract(view, published), *figures]
            for event in found:
                event["sentence"] = sent.text
                event["start"] = s_start
                event["end"] = s_end
                events.append(event)
            if countries:
                previous = countries
            # a trade metric carries over one sentence only
            previous_metric = figures[-1]["metric"] if figures else (
                next(iter(view.ids("TRADE_CUE")), None) if view.of("TRADE_CUE") else None)
        features.events = len(events)
        doc._.irw_events = events
        doc._.irw_features = features
        return doc


def _relative(hit: Hit, sent_start_token: int) -> Hit:
    return Hit(hit.label, hit.id, hit.start, hit.end, hit.text, hit.tok - sent_start_token)
