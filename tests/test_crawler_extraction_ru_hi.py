"""Main text, dates and bylines of Russian and Hindi pages (crawlers/extraction.py) on the saved layouts:
a wire agency, a business daily, a Hindi daily and a PIB Hindi release (tests/fixtures/crawl_site/ru, hi, pib)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawlers.extraction import drop_related_lines, extract_article
from crawlers.spiders.pib import posted_on
from tests.crawl_site_server import FIXTURE_DIR, expected_pages

NOW = datetime(2024, 7, 12, 12, 0, tzinfo=UTC)
BASE = "https://crawl-site.test"
EXPECTED = expected_pages()
PAGES = sorted(p for p, page in EXPECTED.items() if page["language"] in ("ru", "hi"))
RELATED_HEADLINES = (
    "Индийские военные завершили обучение",
    "Товарооборот России и Индии",
    "Как индийские нефтепереработчики",
    "Индия увеличила закупки",
    "काट्सा पर अमेरिकी संसद",
    "अमेठी में बनेंगी",
)


def extract(path: str, **kwargs):
    html = (FIXTURE_DIR / EXPECTED[path]["file"]).read_text(encoding="utf-8").replace("{{BASE}}", BASE)
    return extract_article(html, BASE + path, now=NOW, **kwargs)


def test_the_fixture_site_has_russian_and_hindi_pages():
    languages = [EXPECTED[p]["language"] for p in PAGES]
    assert languages.count("ru") >= 2 and languages.count("hi") >= 2


@pytest.mark.parametrize("path", PAGES)
def test_related_reading_stays_out_of_the_main_text(path):
    text = extract(path).text
    assert not any(marker in text for marker in ("Читайте также", "यह भी पढ़ें"))
    assert not any(headline in text for headline in RELATED_HEADLINES)


@pytest.mark.parametrize("path", PAGES)
def test_first_and_last_paragraph_are_kept(path):
    text, expected = extract(path).text, EXPECTED[path]["text"].split("\n")
    assert expected[0] in text and expected[-1] in text


@pytest.mark.parametrize(
    ("path", "offset", "local_day"),
    [
        ("/ru/politika/21345678", 180, date(2024, 7, 10)),
        # 00:15 in Moscow is 21:15 UTC the day before: the paper's day is 11 July
        ("/ru/doc/6812345", 180, date(2024, 7, 11)),
        ("/hi/news/bharat-roos-s400-aapurti-23781234.html", 330, date(2024, 7, 11)),
    ],
)
def test_publisher_offset_and_day(path, offset, local_day):
    got = extract(path)
    assert (got.published_offset_minutes, got.published_local_date) == (offset, local_day)


def test_an_updated_label_is_not_the_publication_day():
    # the Hindi page prints "अपडेटेड: १२ जुलाई २०२४" beside its publication line
    assert extract("/hi/news/bharat-roos-s400-aapurti-23781234.html").published_local_date == date(2024, 7, 11)


def test_pib_hindi_release_posted_on_is_read():
    got = extract("/PressReleasePage.aspx?PRID=2032555", page_date="11 JUL 2024 6:45PM")
    assert got.published_local_date == date(2024, 7, 11)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("प्रविष्टि तिथि: 11 JUL 2024 6:45PM by PIB Delhi", "11 JUL 2024 6:45PM"),
        ("Posted On: 10 MAY 2024 1:08PM by PIB Delhi", "10 MAY 2024 1:08PM"),
        ("रक्षा मंत्रालय", None),
    ],
)
def test_posted_on_in_both_languages(text, expected):
    assert posted_on(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Абзац.\nЧитайте также: Другая новость\nЕщё абзац.", "Абзац.\nЕщё абзац."),
        ("Абзац.\n— Смотрите также: видео\nЕщё абзац.", "Абзац.\nЕщё абзац."),
        ("पहला।\nये भी पढ़ें- दूसरी खबर\nतीसरा।", "पहला।\nतीसरा।"),
        ("पहला।\nइसे भी पढ़ें: दूसरी खबर", "पहला।"),
        ("One.\nAlso read: Another story\nTwo.", "One.\nTwo."),
        # prose that merely starts with the words is longer than a headline and stays
        ("Читайте также " + "очень длинное предложение " * 10, "Читайте также " + "очень длинное предложение " * 10),
        ("Читайтетакже слитно", "Читайтетакже слитно"),
        ("प्रकाशित: २१ दिसंबर २०२१, 09:15 AM IST\nरूस ने आपूर्ति शुरू की।", "रूस ने आपूर्ति शुरू की।"),
        ("Опубликовано: 5 октября 2018 г., 14:30\nТекст.", "Текст."),
        ("Опубликовано 5 октября 2018 г. постановление правительства.", "Опубликовано 5 октября 2018 г. постановление правительства."),
    ],
)
def test_drop_related_lines(text, expected):
    assert drop_related_lines(text) == expected
