"""Status of a deal or a sanction from the cues around it: pure functions over a SentenceView.

A cue counts when it is the nearest of its kind to the mention; modal or forward-looking
language before it (could, may, expected to, urged) turns an achieved status into a prospect,
and negation (not, yet to) cancels it.
"""

from __future__ import annotations

from nlp.events.context import Hit, SentenceView

DEAL_ORDER = ["proposed", "negotiating", "approved", "signed", "in_production", "delivered", "commissioned"]
HEDGE_WINDOW = 4
NEGATION_WINDOW = 3


def _before(view: SentenceView, cue: Hit, label: str, window: int) -> bool:
    """A hit of `label` within `window` tokens before `cue` (or inside it)."""
    return any(cue.tok - window <= h.tok <= cue.tok for h in view.of(label) if h is not cue)


def is_hedged(view: SentenceView, cue: Hit) -> bool:
    return _before(view, cue, "HEDGE", HEDGE_WINDOW)


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


def deal_status(view: SentenceView, mention: Hit) -> str:
    """The most advanced status the sentence states for the deal, hedged ones becoming 'negotiating'.

    'cancelled' wins over everything when it is stated and not negated.
    """
    best = None
    for cue, status in cues(view, "deal"):
        if is_negated(view, cue):
            continue
        if status == "cancelled":
            if is_hedged(view, cue):
                continue
            return "cancelled"
        if status in ("signed", "approved", "in_production", "delivered", "commissioned") and is_hedged(view, cue):
            status = "negotiating"
        if status in DEAL_ORDER and (best is None or DEAL_ORDER.index(status) > DEAL_ORDER.index(best)):
            best = status
    return best or "unknown"


def sanction_status(view: SentenceView, mention: Hit) -> str:
    """threatened / imposed / waived / lifted / discussed for a sanctions mention."""
    found = {}
    for cue, status in cues(view, "sanction"):
        negated, hedged = is_negated(view, cue), is_hedged(view, cue)
        if status == "waived":
            found.setdefault("waived" if not negated else "discussed", cue)
        elif status == "lifted":
            found.setdefault("threatened" if hedged else ("discussed" if negated else "lifted"), cue)
        elif status == "imposed":
            if negated:
                found.setdefault("discussed", cue)
            elif hedged:
                found.setdefault("threatened", cue)
            else:
                found.setdefault("imposed", cue)
        elif status == "threatened":
            found.setdefault("discussed" if negated else "threatened", cue)
        elif status == "discussed":
            found.setdefault("discussed", cue)
    for status in ("waived", "lifted", "imposed", "threatened", "discussed"):
        if status in found:
            return status
    # no cue: "exposure to CAATSA", "CAATSA sanctions could follow"
    near_hedge = any(abs(h.tok - mention.tok) <= 6 for h in view.of("HEDGE"))
    return "threatened" if near_hedge else "discussed"
