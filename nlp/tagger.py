"""Tag whole articles: clean, chunk, run the pipeline, gate events on relevance.

Input record: {"id", "title", "text", "url", "published_at"} (all but id and text may be null).
Output: {"id", "relevant", "relevance", "caatsa", "events", "pipeline_version", "skipped"}.
Offsets in events are into the record's original text, whatever cleaning was done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from spacy.language import Language

from nlp.language import identify
from nlp.pipeline import load_pipeline, pipeline_version
from nlp.relevance import THRESHOLD, Features, score
from nlp.relevance_model_loader import load_relevance_model

# control characters become spaces, never removed, so offsets stay those of the original text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
CHUNK_CHARS = 20_000
MAX_CHARS = 2_000_000
MAX_TITLE_CHARS = 1_000  # a headline longer than this is page junk, not a headline


def as_text(value) -> str:
    """Whatever a JSON field holds, as text: null -> "", 42 -> "42"."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def clean(text) -> str:
    return _CONTROL.sub(" ", as_text(text))


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `size` characters, cut at paragraph or sentence ends."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start + size // 2, end), text.rfind(". ", start + size // 2, end))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def parse_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


class ArticleTagger:
    def __init__(self, nlp: Language | None = None, threshold: float | None = None, batch_size: int = 16,
                 relevance_model: bool = True):
        self.nlp = nlp or load_pipeline()
        self.version = pipeline_version(self.nlp)
        # the trained relevance classifier (make model); without it the rule score alone decides
        self.relevance = load_relevance_model() if relevance_model else None
        if self.relevance is not None:
            self.version += f"+relevance-{self.relevance.version}"
        # the gate is configured on the events component in nlp/config.cfg
        events = self.nlp.get_pipe("irwatch_events") if self.nlp.has_pipe("irwatch_events") else None
        self.threshold = threshold if threshold is not None else getattr(events, "relevance_threshold", THRESHOLD)
        self.batch_size = batch_size

    def tag(self, record: dict) -> dict:
        return self.tag_many([record])[0]

    def tag_many(self, records: Iterable[dict]) -> list[dict]:
        records = list(records)
        jobs = []  # (record index, offset, text, published, is_title)
        results: list[dict] = []
        originals: list[str] = []
        for index, record in enumerate(records):
            originals.append(as_text(record.get("text")))
            text = clean(record.get("text"))
            title = clean(record.get("title"))[:MAX_TITLE_CHARS]
            result = {"id": record.get("id"), "relevant": False, "relevance": 0.0, "caatsa": False,
                      "events": [], "pipeline_version": self.version, "skipped": None,
                      "language": None, "language_confidence": 0.0}
            results.append(result)
            if not text.strip() and not title.strip():
                result["skipped"] = "empty: no text"
                continue
            # judge the body's language; a headline alone only when there is no body
            guess = identify(text if text.strip() else title)
            result["language"], result["language_confidence"] = guess.code, guess.confidence
            # too short to tell is tagged: the gazetteers decide whether there is anything in it
            if guess.code is not None and not guess.taggable:
                result["skipped"] = (f"language: {guess.code} ({guess.confidence:.2f}): stored untagged until "
                                     f"irwatch has a {guess.code} pipeline")
                continue
            if len(text) > MAX_CHARS:
                text = text[:MAX_CHARS]
                result["truncated_at"] = MAX_CHARS
            published = parse_date(record.get("published_at"))
            if title.strip():
                jobs.append((index, 0, title, published, True))
            for offset, piece in chunks(text):
                jobs.append((index, offset, piece, published, False))
        features = [Features() for _ in records]
        events: list[list[dict]] = [[] for _ in records]
        docs = (self._doc(text, published) for _, _, text, published, _ in jobs)
        for (index, offset, _, _, is_title), doc in zip(jobs, self.nlp.pipe(docs, batch_size=self.batch_size),
                                                         strict=True):
            f = doc._.irw_features
            if is_title:
                # a headline naming both sides ("India, Russia ink rifle deal") says what the story is about
                f.title_both = f.india > 0 and f.russia > 0
                f.title_one = (f.india > 0 or f.russia > 0) and not f.title_both
                features[index] = features[index].merge(f)
                continue
            features[index] = features[index].merge(f)
            for event in doc._.irw_events:
                for key in ("start", "end", "mention_start", "mention_end"):
                    event[key] += offset
                # evidence is the original words; only NUL is replaced, as PostgreSQL text cannot hold it
                event["sentence"] = originals[index][event["start"]:event["end"]].replace("\x00", " ")
                events[index].append(event)
        model_scores = {}
        if self.relevance is not None:
            wanted = [i for i, r in enumerate(results) if not r["skipped"]]
            texts = [(records[i].get("title"), originals[i]) for i in wanted]
            model_scores = dict(zip(wanted, self.relevance.scores(texts), strict=True))
        for index, result in enumerate(results):
            if result["skipped"]:
                continue
            value = score(features[index])
            if index in model_scores:
                value = self.relevance.combine(model_scores[index], value)
            result["relevance"] = round(value, 4)
            result["relevant"] = value >= self.threshold
            result["events"] = _collapse_deals(_dedupe(events[index])) if result["relevant"] else []
            result["caatsa"] = any(e.get("caatsa") for e in result["events"])
        return results

    def _doc(self, text: str, published: date | None):
        doc = self.nlp.make_doc(text)
        doc._.irw_published = published
        return doc


DEAL_RANK = ["unknown", "proposed", "negotiating", "approved", "signed", "in_production", "delivered",
             "commissioned", "cancelled"]


def _collapse_deals(events: list[dict]) -> list[dict]:
    """One deal event per system and article: the most advanced status stated (cancelled above all),
    with quantity and value filled from the other sentences and those sentences kept as `evidence`."""
    best: dict[str, dict] = {}
    others: dict[str, list[dict]] = {}
    for event in events:
        if event["type"] != "deal":
            continue
        system = event["system"]
        current = best.get(system)
        if current is None or DEAL_RANK.index(event["status"]) > DEAL_RANK.index(current["status"]):
            if current is not None:
                others[system].append(current)
            best[system] = event
            others.setdefault(system, [])
        else:
            others[system].append(event)
    for system, event in best.items():
        for other in others[system]:
            for key in ("quantity", "value", "currency", "value_usd", "fx_rate", "value_start", "site",
                        "expected_status"):
                if event.get(key) is None and other.get(key) is not None:
                    event[key] = other[key]
        event["evidence"] = [{"sentence": o["sentence"], "start": o["start"], "end": o["end"], "status": o["status"]}
                             for o in sorted(others[system], key=lambda o: o["start"])]
    kept = []
    for event in events:
        if event["type"] != "deal" or best.get(event["system"]) is event:
            kept.append(event)
    return kept


def _dedupe(events: list[dict]) -> list[dict]:
    """Drop repeats, and 'unknown' deal statuses for a system whose status another sentence states."""
    known = {e["system"] for e in events if e["type"] == "deal" and e["status"] != "unknown"}
    seen, out = set(), []
    for event in events:
        if event["type"] == "deal" and event["status"] == "unknown" and event["system"] in known:
            continue
        key = (event["type"], event["mention_start"], event["mention_end"], event.get("status"))
        if key not in seen:
            seen.add(key)
            out.append(event)
    return out
