"""Identify each article's language from its text (nlp/language.py, lingua).

Pages in languages irwatch does not tag yet are kept and stored, never dropped: the tag stage
records them as untagged with that reason, so they can be tagged later without a recrawl.
"""

from __future__ import annotations

from nlp.language import identify


class LanguagePipeline:
    def process_item(self, item):
        guess = identify(item.get("text") or item.get("title"))
        item["language"] = guess.code or item.get("declared_language")
        item["language_confidence"] = guess.confidence
        item["language_script"] = guess.script
        return item
