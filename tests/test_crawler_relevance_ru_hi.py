"""The India–Russia prefilter (crawlers/relevance.py) on Russian and Hindi titles and text."""

from __future__ import annotations

import pytest

from crawlers.relevance import india_russia_relevance


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Россия передала Индии первые элементы С-400", ""),
        ("", "Нью-Дели и Москва подписали три соглашения."),
        ("Индийские военные освоили «Триумф»", ""),  # India side + a domain term, inflected
        ("", "Путин провёл переговоры с Моди."),
        ("Российско-индийская межправкомиссия соберётся в октябре", ""),  # both sides in one word
        ("", "Индия нарастила закупки нефти у «Роснефти»."),
        ("", "Расчёты в рублях и рупиях выросли вдвое."),  # currencies name both sides
        ("भारत को मिली एस-400 की पहली खेप", ""),
        ("", "रूस ने भारत को नई पनडुब्बी देने का प्रस्ताव रखा।"),
        ("", "भारतीय वायु सेना ने ट्रायम्फ प्रणाली तैनात की।"),
        ("भारत-रूस व्यापार 65 अरब डॉलर के पार", ""),  # the pair alone is enough
        ("", "काट्सा के तहत भारत पर प्रतिबंध की आशंका"),
        ("", "मोदी और पुतिन की मॉस्को में मुलाकात"),
        ("", "जयशंकर ने लावरोव से बात की।"),
        ("", "ब्रह्मोस मिसाइल का नया परीक्षण"),
        ("", "रूसी तेल पर भारतीय रिफाइनरियों की निर्भरता"),
        ("", "भारत ने एस-४०० की दूसरी स्क्वाड्रन तैनात की।"),  # Devanagari digits
    ],
)
def test_russian_and_hindi_reports_are_kept(title, text):
    verdict = india_russia_relevance(title, text)
    assert verdict.relevant, verdict.reason


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Сборная России обыграла Швецию", "Хоккеисты победили со счётом 3:1."),  # Russia only
        ("", "Москва и Минск обсудили цены на газ."),
        ("भारत ने ऑस्ट्रेलिया को हराया", "कोहली ने शतक लगाया।"),  # India only
        ("", "दिल्ली में बारिश से जलभराव"),
        ("Дели Сити закрывает сезон", ""),  # India side only, no Russia-side or domain term
        ("", "Комплекс С-400 поставлен в Турцию."),  # a domain term without an India term
    ],
)
def test_one_sided_russian_and_hindi_stories_are_dropped(title, text):
    assert not india_russia_relevance(title, text).relevant


def test_the_reason_quotes_the_terms_in_their_script():
    verdict = india_russia_relevance("Россия и Индия договорились", "")
    assert verdict.evidence == ("Индия", "Россия")
