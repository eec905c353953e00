"""Status of a deal or a sanction from the cues around it: pure functions over a SentenceView.

A cue counts when it is the nearest of its kind to the mention; modal or forward-looking
language before it (could, may, expected to, urged) turns an achieved status into a prospect,
and negation (not, yet to) cancels it.
"""

from __future__ import annotations

from nlp.events.context import Hit, SentenceView

DEAL_ORDER = ["proposed", "negotiating", "approved", "signed", "in_production", "delivered", "commissioned"]
HEDGE_WINDOW = 4
TOPIC_WORDS = {"concerning", "regarding", "about", "re"}
TOPIC_WINDOW = 4
NEGATION_WINDOW = 4
# regimes that are in force: a mention with no cue ("because of US sanctions") means they apply
IN_FORCE = {"OFAC SDN", "EU sanctions package", "oil price cap", "US sanctions", "Western sanctions",
            "UK sanctions", "secondary tariffs"}


def _before(view: SentenceView, cue: Hit, label: str, window: int) -> bool:
    """A hit of `label` within `window` tokens before `cue` (or inside it)."""
    return any(cue.tok - window <= h.tok <= cue.tok for h in view.of(label) if h is not cue)


# "expecting the first batch of these systems to arrive": a hedge governing the cue's infinitive
INFINITIVE_HEDGE_WINDOW = 12


def is_hedged(view: SentenceView, cue: Hit) -> bool:
    if _before(view, cue, "HEDGE", HEDGE_WINDOW):
        return True
    if cue.tok > 0 and view.lower[cue.tok - 1] == "to":
        lo, _ = view.clause(cue.tok, {";", ",", ".", "but", "while", "whereas"})
        return any(max(lo, cue.tok - INFINITIVE_HEDGE_WINDOW) <= h.tok < cue.tok for h in view.of("HEDGE"))
    return False


def is_negated(view: SentenceView, cue: Hit) -> bool:
    return _before(view, cue, "NEGATION", NEGATION_WINDOW)


def cues(view: SentenceView, kind: str) -> list[tuple[Hit, str]]:
    """STATUS_CUE hits of one kind ("deal" or "sanction") with their status names."""
    out = []
    for hit in view.of("STATUS_CUE"):
        prefix, _, status = hit.id.partition(":")
        if prefix == kind:
            out.append((hit, status))
    return out


CLAUSE_BREAKS = {";", ",", "while", "whereas", "but", "although", "though", "—"}
# a sanction cue counts up to 10 words before the regime ("designated Rosneft under ... sanctions")
# and 6 after ("CAATSA sanctions were imposed")
SANCTION_CUE_BEFORE, SANCTION_CUE_AFTER = 10, 6


def clause_bounds(view: SentenceView, tok: int) -> tuple[int, int]:
    """Token range of the clause around `tok`, cut at commas, semicolons and contrastive conjunctions."""
    return view.clause(tok, CLAUSE_BREAKS)


DEAL_CUE_WINDOW = 20


def _scope_of_contract(view: SentenceView, cue: Hit) -> bool:
    before = view.lower[max(0, cue.tok - 2) : cue.tok]
    return bool(before) and (before[-1] in ("for", "of") or before[-2:] == ["for", "the"])


def _delayed(view: SentenceView, cue: Hit) -> bool:
    """A delay word in the cue's stretch of the sentence (commas do not end it: "Delivery of Chakra III,
    the submarine India is leasing, has slipped to 2028")."""
    lo, hi = view.clause(cue.tok, {";", "but", "while", "whereas"})
    return any(lo <= h.tok <= hi for h in view.of("DELAY"))


def deal_status(view: SentenceView, mention: Hit) -> str:
    """The most advanced status the clause states for the deal (the sentence's, if the clause states
    none). Hedged statuses become 'negotiating'; a stated delivery that has slipped does not count;
    'cancelled' wins when stated and not negated. A purchase word ("its S-400 deal", "ordered",
    "leasing") alone means signed.
    """
    lo, hi = clause_bounds(view, mention.tok)
    # "a contract for the manufacture of 6 lakh rifles": the cue names the contract's scope, not its stage
    all_cues = [(c, s) for c, s in cues(view, "deal") if not _scope_of_contract(view, c)
                and abs(c.tok - mention.tok) <= DEAL_CUE_WINDOW]
    in_clause = [(c, s) for c, s in all_cues if lo <= c.tok <= hi]
    best = _most_advanced(view, in_clause) or _most_advanced(view, all_cues)
    if best:
        return best
    hedged_cue = any(is_hedged(view, c) for c, _ in all_cues)
    for word in view.of("PURCHASE"):
        if not hedged_cue and not is_negated(view, word) and not is_hedged(view, word):
            return "signed"
    return "unknown"


DELIVERY_NOUNS = {"delivery", "deliveries", "supply", "supplies", "induction"}
COMPLETION_WORDS = {"began", "begun", "started", "starts", "commenced", "completed", "complete", "first",
                    "took", "taken", "received", "arrived", "so", "far", "already", "under", "way", "underway",
                    "was", "were", "has", "have", "had", "last", "second", "third", "fourth", "remaining",
                    "rest", "ongoing", "continued", "continuation", "continue", "continues", "resumed",
                    "squadrons", "units", "batch", "batches"}
COMPLETION_WINDOW = 8


def _completed(view: SentenceView, cue: Hit) -> bool:
    lo, hi = view.clause(cue.tok, CLAUSE_BREAKS)
    near = view.lower[max(lo, cue.tok - COMPLETION_WINDOW): min(hi, cue.tok + COMPLETION_WINDOW) + 1]
    return bool(COMPLETION_WORDS & set(near))


def _most_advanced(view: SentenceView, candidates: list[tuple[Hit, str]]) -> str | None:
    best = None
    for cue, status in candidates:
        if is_negated(view, cue):
            continue
        if status == "cancelled":
            if is_hedged(view, cue):
                continue
            return "cancelled"
        if status in ("delivered", "commissioned") and _delayed(view, cue):
            continue
        # "offered to manufacture", "talks on producing": the later cue is the offer's content
        if any(s in ("proposed", "negotiating") and 0 < cue.tok - c.tok <= 3 for c, s in candidates):
            continue
        if is_hedged(view, cue):
            # a future signing is still a negotiation; a future delivery means the contract exists;
            # planned production ("slated to be manufactured") says nothing of the stage reached
            if status in ("signed", "approved"):
                status = "negotiating"
            elif status in ("delivered", "commissioned"):
                status = "signed"
            else:
                continue
        # "the timeline for delivery", "pause the delivery", "a delivery contract": the noun alone names the
        # contract's scope, not a unit received; it counts with a word of completion ("deliveries began")
        if status == "delivered" and view.lower[cue.tok] in DELIVERY_NOUNS and not _completed(view, cue):
            status = "signed"
        if status in DEAL_ORDER and (best is None or DEAL_ORDER.index(status) > DEAL_ORDER.index(best)):
            best = status
    return best


WAIVER_SOUGHT_WINDOW = 8


def waiver_sought(view: SentenceView, cue: Hit) -> bool:
    """A waiver asked for, recommended or wondered about, not granted: "sought clarity on a CAATSA
    waiver", "the House recommended a waiver", "India hopes to get an exemption" (ANNOTATION.md 3)."""
    lo, _ = view.clause(cue.tok, {";", "but", "while", "whereas", "although"})
    return any(max(lo, cue.tok - WAIVER_SOUGHT_WINDOW) <= h.tok < cue.tok for h in view.of("WAIVER_SOUGHT"))


def _judge(view: SentenceView, cue: Hit, status: str) -> str:
    """What one sanction cue says once hedging and negation are taken into account."""
    negated, hedged = is_negated(view, cue), is_hedged(view, cue)
    if status == "waived":
        return "discussed" if negated or hedged or waiver_sought(view, cue) else "waived"
    if status == "lifted":
        return "threatened" if hedged else ("discussed" if negated else "lifted")
    if status == "imposed":
        return "discussed" if negated else ("threatened" if hedged else "imposed")
    if status == "threatened":
        return "discussed" if negated else "threatened"
    return "discussed"


def sanction_statuses(view: SentenceView, mention: Hit, regime: str) -> list[str]:
    """Statuses for a sanctions mention: usually one; 'exempted from the duty Washington slapped on
    India' gives both 'waived' and 'imposed'.

    Any waiver wins (a waiver, urged or granted, is the news); otherwise the cue nearest the
    mention decides, a cue before the mention beating one after it at the same distance.
    """
    judged = [(cue, _judge(view, cue, status)) for cue, status in cues(view, "sanction")
              if -SANCTION_CUE_BEFORE <= cue.tok - mention.tok <= SANCTION_CUE_AFTER or status == "waived"]
    if any(status == "waived" for _, status in judged):
        imposed = any(status == "imposed" for _, status in judged)
        return ["waived", "imposed"] if imposed else ["waived"]
    if judged:
        nearest = min(judged, key=lambda cs: (abs(cs[0].tok - mention.tok), cs[0].tok > mention.tok))
        return [nearest[1]]
    # no cue: "exposure to CAATSA", "fears of secondary US sanctions", "because of US sanctions"
    near_hedge = any(-3 <= h.tok - mention.tok <= 2 for h in view.of("HEDGE"))
    if near_hedge:
        return ["threatened"]
    # the sanctions as a topic ("discussions concerning those thorny US sanctions"): nothing is in force
    if TOPIC_WORDS & set(view.lower[max(0, mention.tok - TOPIC_WINDOW):mention.tok]):
        return ["discussed"]
    return ["imposed" if regime in IN_FORCE else "discussed"]


def sanction_status(view: SentenceView, mention: Hit, regime: str = "CAATSA") -> str:
    return sanction_statuses(view, mention, regime)[0]
