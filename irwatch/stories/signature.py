"""Story identity for alerting: is page B the same story as page A (a copy), or another one?

Pure functions, no I/O beyond reading `boilerplate.yaml` once. The pipeline:

1. `clean_sentences`: split a page into sentences, drop page furniture (menus, captions, bylines,
   "also read", subscribe prompts), strip datelines and agency tags, and drop the stock explanations
   every story on the topic repeats (CAATSA's definition, the 2018 S-400 contract). The patterns live
   in `boilerplate.yaml` (versioned). Sentences that turn up in many *different* stories are boilerplate
   too: `common_sentences` finds them from a batch of signatures and `same_story(..., common=...)`
   leaves them out of the comparison.
2. `sign`: normalised words (numbers unified: "2,80,000" = "280000", "%" = "per cent" = "percent"),
   word shingles of `SHINGLE_WORDS` = 4 over the whole text (a re-ordered copy loses only the shingles
   at the joins; on the labelled pairs k = 4 kept light-edit containment at a median 0.47 while no
   different pair passed 0.38, where k = 3 let different pairs reach 0.45 and k = 5 cut light edits to
   0.41), and two MinHash sketches (datasketch): one over the shingles, one over the set of content
   words (stemmed), which is what survives when a desk rewords a copy.
3. `band_keys`: LSH bands over both sketches as stable 63-bit ints for a database index of
   (band key) -> article; any shared key makes a pair a candidate. Shingles: `SHINGLE_BANDS` bands of
   `SHINGLE_ROWS` rows; words: `WORD_BANDS` of `WORD_ROWS`. With these, a pair of Jaccard j is a
   candidate with probability 1 - (1 - j**r)**b: for the shingle sketch 0.77 at j = 0.15 (a trimmed
   copy of a page three times as long), for the word sketch 0.998 at j = 0.35 (a reworded copy) and
   0.38 at j = 0.1 (an unrelated page on the same topic: a candidate costs one `same_story`, a missed
   copy costs an email; 2 rows, not 3, brought the labelled light edits' candidate recall from 0.94 to 1).
4. `same_story`: the pair decision, judged against the *shorter* text so that cut or extended copies
   match:
   - `containment`: shared shingles / shingles of the shorter page; `COPY_CONTAINMENT` or more is a
     copy (verbatim, trimmed, extended, re-ordered).
   - `coverage`: share of the shorter page's sentences (weighted by content words) that have a
     counterpart in the other page with content-word Dice >= `ALIGN_DICE`; `REWRITE_COVERAGE` or
     more is a copy that a desk or a synonym spinner reworded sentence by sentence.
   - guards, checked first, that keep different events apart however much background they share:
     both publication dates known and more than `MAX_DAYS_APART` days apart (`MAX_DAYS_APART_VERBATIM`
     when the text is near-verbatim, since wire copies get republished late); a status word in one
     page's headline or lead that the other page never uses (a bill *passed* vs *introduced*, a deal
     *signed*, a claim *denied*); a key figure in one lead (an amount, a count, a vote tally) that
     conflicts with a figure of the same unit in the other lead.

Thresholds were chosen on the labelled real pairs (`pairs.jsonl`, pages in ../shared/stories-pool):
the highest copy recall such that at least 97% of the pairs judged the same are not `different`, then
a margin (`python -m irwatch.stories.evaluate --sweep`): precision fell below 0.97 at coverage 0.35 and
was 1.0 from 0.40 up, so REWRITE_COVERAGE = 0.5, two grid steps from the edge; containment anywhere in
0.3-0.6 gave the same decisions, so COPY_CONTAINMENT = 0.5. The date windows: labelled copies with
both dates known were published 0-1 day apart, the follow-ups sharing most of their text 2-3 days
apart. The figures are in README.md.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml
from datasketch import MinHash

BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.yaml")

SHINGLE_WORDS = 4
MIN_SENTENCE_WORDS = 4
NAV_LINE_WORDS = 10  # an unpunctuated line shorter than this is a menu entry or a caption
STEM_CHARS = 6  # content words compared by their first letters: "incentivised" = "incentivized"
LEAD_SENTENCES = 2

SHINGLE_PERM, SHINGLE_ROWS = 128, 2
WORD_PERM, WORD_ROWS = 96, 2
SHINGLE_BANDS = SHINGLE_PERM // SHINGLE_ROWS
WORD_BANDS = WORD_PERM // WORD_ROWS
MINHASH_SEED = 20261202

COPY_CONTAINMENT = 0.5
VERBATIM_CONTAINMENT = 0.8
ALIGN_DICE = 0.5
REWRITE_COVERAGE = 0.5
MAX_DAYS_APART = 1
MAX_DAYS_APART_VERBATIM = 7
FIGURE_TOLERANCE = 0.02
FIGURE_REACH = 4  # "12 more Su-30MKI jets": the unit may follow a few words on
COMMON_MIN_STORIES = 4

SIGNATURE_CODE_VERSION = 1


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class Boilerplate:
    version: int
    drop: tuple[tuple[str, re.Pattern], ...]
    strip: tuple[tuple[str, re.Pattern], ...]


def _compile(rules: list[dict] | None) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple(
        (r["id"], re.compile(r["pattern"], 0 if r.get("case") else re.IGNORECASE)) for r in rules or []
    )


@lru_cache(maxsize=4)
def load_boilerplate(path: Path = BOILERPLATE_FILE) -> Boilerplate:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Boilerplate(int(data["version"]), _compile(data.get("drop")), _compile(data.get("strip")))


def signature_version() -> str:
    """Stored band keys are comparable only between signatures of the same version.

    >>> signature_version().startswith("stories-v")
    True
    """
    return (
        f"stories-v{SIGNATURE_CODE_VERSION}.bp{load_boilerplate().version}.k{SHINGLE_WORDS}"
        f".s{SHINGLE_PERM}x{SHINGLE_ROWS}.w{WORD_PERM}x{WORD_ROWS}.seed{MINHASH_SEED}"
    )


# --------------------------------------------------------------------------- sentences

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_TERMINAL = re.compile(r"""[.!?:;"')\]]\s*$""")
# a sentence ends at . ! ? before a capital, also where a page glued two sentences without a space
_SPLIT = re.compile(r"""(?<=[.!?])["')\]]*\s+(?=["'(\[]?[A-Z0-9])|(?<=[a-z0-9)][.!?])(?=[A-Z][a-z])""")


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Wire texts kept at a fixed line width: most lines end mid-sentence."""
    long_enough = [line for line in lines if len(line) > 30]
    if len(long_enough) < 4:
        return False
    open_ended = sum(not _TERMINAL.search(line) for line in long_enough)
    return open_ended / len(long_enough) > 0.5 and max(map(len, long_enough)) < 100


def _lines(text: str) -> list[str]:
    """Logical lines: physical lines joined back where a sentence was wrapped mid-way."""
    raw = [" ".join(line.split()) for line in text.translate(_QUOTES).splitlines()]
    wrapped = _is_hard_wrapped([line for line in raw if line])
    out: list[str] = []
    for line in raw:
        if not line:
            out.append("")
        elif out and out[-1] and not _TERMINAL.search(out[-1]) and (wrapped or line[:1].islower()):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return [line for line in out if line and (_TERMINAL.search(line) or len(line.split()) >= NAV_LINE_WORDS)]


def split_sentences(text: str) -> list[str]:
    r"""
    >>> split_sentences("Russia signed it.The deal is done. Talks go on.\nHome | World | Markets")
    ['Russia signed it.', 'The deal is done.', 'Talks go on.']
    """
    return [s.strip() for line in _lines(text) for s in _SPLIT.split(line) if s.strip()]


def clean_sentences(text: str, boilerplate: Boilerplate | None = None) -> list[str]:
    """Sentences that carry the report: furniture and stock explanations removed, datelines cut."""
    bp = boilerplate or load_boilerplate()
    out = []
    for sentence in split_sentences(text):
        if any(p.search(sentence) for _, p in bp.drop):
            continue
        for _, p in bp.strip:
            sentence = p.sub("", sentence, count=1).strip()
        if len(_WORD.findall(sentence)) >= MIN_SENTENCE_WORDS:
            out.append(sentence)
    return out


# --------------------------------------------------------------------------- words

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*", re.IGNORECASE)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
# after a number: the spelling of a unit varies between outlets, its meaning does not
_UNIT_WORDS = {
    "per": None, "cent": "percent", "pc": "percent", "percent": "percent",
    "m": "million", "mn": "million", "mln": "million", "bn": "billion", "b": "billion", "cr": "crore",
}  # fmt: skip
_STOP = frozenset(
    """a about after against all also an and any are as at be been being but by can could did do does
    for from had has have he her his i if in into is it its may might more most new no not of on one or
    other our out over s said say says she should so some such than that the their them then there these
    they this those to under up us was we were what when where which while who will with would you""".split()
)
FIGURE_UNITS = frozenset(
    "percent million billion crore lakh tonnes tons barrels votes units people soldiers nationals aircraft "
    "jets engines missiles reactors km".split()
)


def _number(token: str) -> str:
    """
    >>> [_number(t) for t in ("2,80,000", "280,000", "1.50", "70.3")]
    ['280000', '280000', '1.5', '70.3']
    """
    digits = token.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return digits


def tokens(sentence: str) -> list[str]:
    """Lowercase words with numbers and their units spelled one way.

    >>> tokens("Imports rose 70.3 per cent to 1.29m tonnes")
    ['imports', 'rose', '70.3', 'percent', 'to', '1.29', 'million', 'tonnes']
    """
    s = unicodedata.normalize("NFKC", sentence.translate(_QUOTES)).lower()
    s = s.replace("%", " percent ").replace("$", " dollar ")
    out: list[str] = []
    after_number = False
    for tok in _WORD.findall(s):
        if tok[0].isdigit():
            out.append(_number(tok))
            after_number = True
            continue
        tok = _NUMBER_WORDS.get(tok, tok)
        if after_number and tok in _UNIT_WORDS:
            if _UNIT_WORDS[tok]:
                out.append(_UNIT_WORDS[tok])
            continue
        after_number = tok.isdigit()
        out.append(tok)
    return out


def content_words(words: Iterable[str]) -> frozenset[str]:
    """
    >>> sorted(content_words(["the", "sanctions", "were", "imposed", "in", "2017"]))
    ['2017', 'impose', 'sancti']
    """
    return frozenset(w[:STEM_CHARS] for w in words if w not in _STOP and len(w) > 1)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(words: list[str], k: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    if len(words) <= k:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + k]) for i in range(len(words) - k + 1))


# --------------------------------------------------------------------------- signature


@dataclass(frozen=True)
class Sentence:
    key: int  # 64-bit hash of the normalised words: the unit of document frequency
    words: tuple[str, ...]
    content: frozenset[str]


@dataclass(frozen=True)
class Signature:
    title: tuple[str, ...]
    sentences: tuple[Sentence, ...]
    published: date | None
    outlet: str | None
    shingle_minhash: tuple[int, ...]
    word_minhash: tuple[int, ...]

    def words(self, common: frozenset[int] = frozenset()) -> list[str]:
        return [w for s in self.sentences if s.key not in common for w in s.words]

    def shingles(self, common: frozenset[int] = frozenset()) -> frozenset[tuple[str, ...]]:
        return shingles(self.words(common))

    def lead_words(self) -> list[str]:
        return list(self.title) + [w for s in self.sentences[:LEAD_SENTENCES] for w in s.words]


def _as_date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _minhash(items: Iterable[str], num_perm: int, seed: int) -> tuple[int, ...]:
    mh = MinHash(num_perm=num_perm, seed=seed)
    mh.update_batch([item.encode("utf-8") for item in sorted(set(items))])
    return tuple(int(v) for v in mh.hashvalues)


def sign(title: str | None, text: str | None, published=None, outlet: str | None = None) -> Signature:
    """The comparable form of one page. `published` may be a date, datetime, ISO string or None."""
    sentences: list[Sentence] = []
    seen: set[int] = set()
    for raw in clean_sentences(text or ""):
        words = tokens(raw)
        key = _hash64(" ".join(words))
        if key in seen:  # a page repeating its own standfirst
            continue
        seen.add(key)
        sentences.append(Sentence(key, tuple(words), content_words(words)))
    all_words = [w for s in sentences for w in s.words]
    shingle_text = [" ".join(sh) for sh in shingles(all_words)]
    word_set = [w for s in sentences for w in s.content]
    return Signature(
        title=tuple(tokens(title or "")),
        sentences=tuple(sentences),
        published=_as_date(published),
        outlet=outlet,
        shingle_minhash=_minhash(shingle_text, SHINGLE_PERM, MINHASH_SEED),
        word_minhash=_minhash(word_set, WORD_PERM, MINHASH_SEED + 1),
    )


def minhash_values(sig: Signature) -> list[int]:
    """Both sketches, shingles first: SHINGLE_PERM + WORD_PERM values, each below 2**32."""
    return list(sig.shingle_minhash) + list(sig.word_minhash)


def _bands(values: tuple[int, ...], rows: int, family: str) -> list[int]:
    keys = []
    for band in range(len(values) // rows):
        chunk = values[band * rows : (band + 1) * rows]
        # the band number and family are part of the key, so one integer column indexes every band
        keys.append(_hash64(f"{family}{band}:" + ",".join(map(str, chunk))) >> 1)
    return keys


def band_keys(sig: Signature) -> list[int]:
    """SHINGLE_BANDS + WORD_BANDS LSH keys, non-negative 63-bit ints (fit a PostgreSQL bigint).

    A page with no text gets no keys: it can never be a candidate.
    """
    if not sig.sentences:
        return []
    return _bands(sig.shingle_minhash, SHINGLE_ROWS, "s") + _bands(sig.word_minhash, WORD_ROWS, "w")


def sentence_keys(sig: Signature) -> list[int]:
    """Per-sentence keys (64-bit, unsigned) for a document-frequency table of boilerplate."""
    return [s.key for s in sig.sentences]


# --------------------------------------------------------------------------- boilerplate by frequency


def common_sentences(
    signatures: Iterable[Signature], min_stories: int = COMMON_MIN_STORIES
) -> frozenset[int]:
    """Sentence keys shared by at least `min_stories` pages that are otherwise unrelated.

    Copies of one story share all their sentences, so plain document frequency would call a wire
    story boilerplate once five outlets carry it: pages holding the sentence are grouped first (the
    rest of their text mostly shared) and the groups counted. A quote carried by independent reports
    of one event is not boilerplate either: where the holders' dates are known and all fall within
    MAX_DAYS_APART_VERBATIM of each other, the sentence is kept.
    """
    sigs = list(signatures)
    holders: dict[int, list[int]] = {}
    for i, sig in enumerate(sigs):
        for s in sig.sentences:
            holders.setdefault(s.key, []).append(i)
    common = set()
    for key, docs in holders.items():
        if len(docs) < min_stories:
            continue
        dates = sorted(sigs[i].published for i in docs if sigs[i].published)
        if len(dates) >= 2 and (dates[-1] - dates[0]).days <= MAX_DAYS_APART_VERBATIM:
            continue
        rest = {i: sigs[i].shingles(frozenset({key})) for i in docs}
        groups: list[list[int]] = []
        for i in docs:
            for group in groups:
                if _containment(rest[i], rest[group[0]]) >= COPY_CONTAINMENT:
                    group.append(i)
                    break
            else:
                groups.append([i])
        if len(groups) >= min_stories:
            common.add(key)
    return frozenset(common)


# --------------------------------------------------------------------------- decision


@dataclass(frozen=True)
class Thresholds:
    """The decision's knobs in one value, so an evaluation can sweep them without touching globals."""

    copy_containment: float = COPY_CONTAINMENT
    rewrite_coverage: float = REWRITE_COVERAGE
    verbatim_containment: float = VERBATIM_CONTAINMENT
    max_days_apart: int = MAX_DAYS_APART
    max_days_apart_verbatim: int = MAX_DAYS_APART_VERBATIM


THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Decision:
    same: bool
    score: float
    containment: float
    jaccard: float
    reason: str
    coverage: float = 0.0


def _containment(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _coverage(x: list[frozenset[str]], y: list[frozenset[str]]) -> float:
    """Share of x's content words that sit in sentences with a counterpart in y."""
    total = sum(len(s) for s in x)
    if not total or not y:
        return 0.0
    matched = 0
    for s in x:
        if any(2 * len(s & t) / (len(s) + len(t)) >= ALIGN_DICE for t in y):
            matched += len(s)
    return matched / total


_STATUS = {
    # stem prefix -> status: a development, not a topic word
    "introduc": "introduced", "tabled": "introduced",
    "passed": "passed", "passes": "passed", "approve": "passed", "ratifi": "passed", "adopted": "passed",
    "signed": "signed", "signs": "signed", "inked": "signed", "inks": "signed",
    "deliver": "delivered", "arrive": "delivered", "handed": "delivered",
    "delay": "delayed", "postpone": "delayed", "deferred": "delayed",
    "waive": "waived", "waiver": "waived", "exempt": "waived",
    "lifted": "lifted", "revoke": "lifted",
    "veto": "vetoed",
    "suspend": "suspended", "halted": "suspended", "paused": "suspended",
    "resume": "resumed",
    "denied": "denied", "denies": "denied", "deny": "denied", "rubbish": "denied", "rejected": "denied",
    "cancel": "cancelled", "scrapped": "cancelled",
}  # fmt: skip


def status_words(words: Iterable[str]) -> frozenset[str]:
    """
    >>> sorted(status_words(["senate", "passed", "the", "bill", "introduced", "in", "may"]))
    ['introduced', 'passed']
    """
    return frozenset(status for w in words for stem, status in _STATUS.items() if w.startswith(stem))


def figures(words: list[str]) -> set[tuple[str, float]]:
    """(unit, value) for numbers that count something, the unit up to FIGURE_REACH words on.

    >>> sorted(figures("68 votes to 30 for a 5.4 billion deal and 12 more fighter jets".split()))
    [('billion', 5.4), ('jets', 12.0), ('votes', 68.0)]
    """
    out = set()
    for i, word in enumerate(words):
        try:
            value = float(word)
        except ValueError:
            continue
        for follower in words[i + 1 : i + 1 + FIGURE_REACH]:
            if follower in FIGURE_UNITS:
                out.add((follower, value))
                break
            if follower.replace(".", "", 1).isdigit():
                break
    return out


def _figure_conflict(a: set[tuple[str, float]], b: set[tuple[str, float]]) -> str | None:
    for unit in {u for u, _ in a} & {u for u, _ in b}:
        va = [v for u, v in a if u == unit]
        vb = [v for u, v in b if u == unit]
        if not any(abs(x - y) <= FIGURE_TOLERANCE * max(x, y) for x in va for y in vb):
            return f"figures differ: {va[0]:g} vs {vb[0]:g} {unit}"
    return None


def _guard(a: Signature, b: Signature, containment: float, t: Thresholds) -> str | None:
    """Why two pages that share text are still different events, or None."""
    if a.published and b.published:
        gap = abs((a.published - b.published).days)
        limit = t.max_days_apart_verbatim if containment >= t.verbatim_containment else t.max_days_apart
        if gap > limit:
            return f"published {gap} days apart"
    lead_a, lead_b = a.lead_words(), b.lead_words()
    all_a = lead_a + a.words()
    all_b = lead_b + b.words()
    status_a, status_b = status_words(lead_a), status_words(lead_b)
    # both leads report a development and one of them is a step the other page never mentions;
    # a lone status word (a caption's "deliver", a plan "to be signed") is not a second event
    if status_a and status_b:
        new = (status_a - status_words(all_b)) | (status_b - status_words(all_a))
        if new:
            return "new status: " + ", ".join(sorted(new))
    return _figure_conflict(figures(lead_a), figures(lead_b))


def same_story(
    a: Signature, b: Signature, common: frozenset[int] = frozenset(), thresholds: Thresholds = THRESHOLDS
) -> Decision:
    """Would an analyst alerted to page A want a second alert for page B? `same` = no."""
    sa, sb = a.shingles(common), b.shingles(common)
    if not sa or not sb:
        return Decision(False, 0.0, 0.0, 0.0, "no text to compare")
    inter = len(sa & sb)
    containment = inter / min(len(sa), len(sb))
    jaccard = inter / len(sa | sb)
    ca = [s.content for s in a.sentences if s.key not in common and len(s.content) >= 3]
    cb = [s.content for s in b.sentences if s.key not in common and len(s.content) >= 3]
    shorter, longer = (ca, cb) if sum(map(len, ca)) <= sum(map(len, cb)) else (cb, ca)
    coverage = _coverage(shorter, longer)
    t = thresholds
    # one number for ranking: either route scaled so that its own threshold sits at copy_containment
    score = max(containment, coverage * t.copy_containment / t.rewrite_coverage)

    def decide(same: bool, reason: str) -> Decision:
        return Decision(
            same, round(score, 4), round(containment, 4), round(jaccard, 4), reason, round(coverage, 4)
        )

    if containment < t.copy_containment and coverage < t.rewrite_coverage:
        return decide(False, f"too little in common (containment {containment:.2f}, coverage {coverage:.2f})")
    guard = _guard(a, b, containment, t)
    if guard:
        return decide(False, guard)
    if containment >= t.copy_containment:
        return decide(True, f"shared text (containment {containment:.2f})")
    return decide(True, f"same sentences reworded (coverage {coverage:.2f})")
