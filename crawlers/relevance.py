"""Cheap, recall-oriented India–Russia prefilter applied to title + main text.

It only has to throw out what is obviously off-topic (cricket scores, Bollywood,
US elections) before the spaCy tagger spends time on it; anything borderline
passes. An article is kept when it names both sides, or names a subject that
is itself India–Russia business (S-400, Kudankulam, ...) together with India.

The term lists are data: extend them here, and add a row to the table in
tests/test_crawler_relevance.py for each addition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INDIA_TERMS = (
    r"India",
    r"Indian",
    r"Indians",
    r"New Delhi",
    r"Delhi",
    r"Bharat",
    r"Modi",
    r"Jaishankar",
    r"Rajnath",
    r"Doval",
    r"Mumbai",
    r"rupees?",
    r"DRDO",
    r"HAL",
    r"IAF",
    r"Indian Navy",
    r"MEA",
    r"Hindustan",
    r"भारत\w*",
    r"भारतीय",
    r"हिंदुस्तान",
    r"मोदी",
    r"दिल्ली",
    r"जयशंकर",
    r"राजनाथ",
    r"रुपये",
    r"रुपए",
    r"Инди\w*",
    r"Дели",
    r"Нью-Дели",
    r"Моди",
    r"Джайшанкар\w*",
    r"индийск\w*",
    r"индийц\w*",
    r"рупи\w*",
)
RUSSIA_TERMS = (
    r"Russia",
    r"Russian",
    r"Russians",
    r"Moscow",
    r"Kremlin",
    r"Putin",
    r"Lavrov",
    r"Peskov",
    r"Soviet",
    r"USSR",
    r"Rosatom",
    r"Gazprom",
    r"Lukoil",
    r"Novatek",
    r"Sberbank",
    r"VTB",
    r"Rosoboronexport",
    r"roubles?",
    r"rubles?",
    r"Vladivostok",
    r"St\.? Petersburg",
    r"Sakhalin",
    r"Manturov",
    r"Shoigu",
    r"Belousov",
    r"रूस\w*",
    r"रूसी",
    r"पुतिन",
    r"मॉस्को",
    r"मास्को",
    r"क्रेमलिन",
    r"लावरोव",
    r"रोसनेफ्ट",
    r"Росси\w*",
    r"РФ",
    r"Путин\w*",
    r"Кремл\w*",
    r"Москв\w*",
    r"Лавров\w*",
    r"Песков\w*",
    r"Роснефт\w*",
    r"Лукойл\w*",
    r"Росатом\w*",
    r"Рособоронэкспорт\w*",
    r"рубл\w*",
)
# Subjects that are India–Russia business on their own; with an India term they are enough.
DOMAIN_TERMS = (
    r"S-?400",
    r"Triumf",
    r"AK-?203",
    r"Kalashnikov",
    r"Kudankulam",
    r"CAATSA",
    r"Rosneft",
    r"Nayara",
    r"Su-?30(?:MKI)?",
    r"Sukhoi",
    r"MiG-?29",
    r"T-?90",
    r"Igla(?:-S)?",
    r"BrahMos",
    r"Urals crude",
    r"INS Vikramaditya",
    r"Chennai[- ]Vladivostok",
    r"INSTC",
    r"Indo-Russian",
    r"Russo-Indian",
    r"India-Russia",
    r"Russia-India",
    r"India–Russia",
    r"Russia–India",
    # Russian and Hindi spellings; Cyrillic "С" in С-400 is not the Latin S
    r"С-?400",
    r"Триумф\w*",
    r"АК-?203",
    r"Калашников\w*",
    r"Куданкулам\w*",
    r"Брамос\w*",
    r"Су-?30\w*",
    r"एस-?400",
    r"एस-?४००",
    r"ट्रायम्फ",
    r"काट्सा",
    r"ब्रह्मोस",
    r"कुडनकुलम",
    r"एके-?203",
)
# These alone show both sides; no India term is needed next to them.
SELF_SUFFICIENT = (
    r"BrahMos",
    r"Indo-Russian",
    r"Russo-Indian",
    r"India-Russia",
    r"Russia-India",
    r"India–Russia",
    r"Russia–India",
    r"Kudankulam",
    r"российско-индийск\w*",
    r"индийско-российск\w*",
    r"भारत-रूस",
    r"रूस-भारत",
    r"ब्रह्मोस",
    r"Брамос\w*",
    r"Куданкулам\w*",
)

# Upper-case acronyms must match case-sensitively ("HAL" the company, not "hal" in a word).
_CASE_SENSITIVE = {r"HAL", r"IAF", r"MEA", r"DRDO", r"VTB", r"USSR", r"INSTC", r"CAATSA", r"РФ"}


def _compile(terms: tuple[str, ...]) -> re.Pattern[str]:
    sensitive = [t for t in terms if t in _CASE_SENSITIVE]
    insensitive = [t for t in terms if t not in _CASE_SENSITIVE]
    parts = []
    if insensitive:
        parts.append("(?i:" + "|".join(insensitive) + ")")
    if sensitive:
        parts.append("|".join(sensitive))
    # \b is unreliable next to Devanagari/Cyrillic marks; use look-arounds on word characters instead
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


_INDIA = _compile(INDIA_TERMS)
_RUSSIA = _compile(RUSSIA_TERMS)
_DOMAIN = _compile(DOMAIN_TERMS)
_SELF = _compile(SELF_SUFFICIENT)


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    reason: str
    evidence: tuple[str, ...] = ()


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(0) if match else None


def india_russia_relevance(title: str | None, text: str | None) -> Relevance:
    """Is this plausibly about India–Russia relations? Says which terms decided it.

    >>> india_russia_relevance("Modi meets Putin in Moscow", "").relevant
    True
    >>> india_russia_relevance("India beat Australia", "Kohli scored a century.").reason
    'mentions India but no Russia-side or domain term'
    """
    haystack = f"{title or ''}\n{text or ''}"
    both = _first(_SELF, haystack)
    if both:
        return Relevance(True, f"names {both!r}", (both,))
    india = _first(_INDIA, haystack)
    russia = _first(_RUSSIA, haystack)
    domain = _first(_DOMAIN, haystack)
    if india and (russia or domain):
        other = russia or domain
        return Relevance(True, f"names {india!r} and {other!r}", (india, other))
    if india:
        return Relevance(False, "mentions India but no Russia-side or domain term", (india,))
    if russia or domain:
        return Relevance(
            False, f"mentions {(russia or domain)!r} but no India-side term", (russia or domain,)
        )
    return Relevance(False, "no India–Russia terms in title or text")
