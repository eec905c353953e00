"""Pipeline component that reads money and quantities in the text (see nlp/amounts.py)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from nlp.amounts import find_amounts

if not Doc.has_extension("irw_amounts"):
    Doc.set_extension("irw_amounts", default=None)


@Language.component("irwatch_amounts")
def add_amounts(doc: Doc) -> Doc:
    """doc._.irw_amounts: every Amount in the text, offsets relative to the doc."""
    doc._.irw_amounts = find_amounts(doc.text)
    return doc
