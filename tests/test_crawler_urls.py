"""crawlers/urls.py: canonical form, tracking parameters, article-URL guess."""

from __future__ import annotations

import pytest

from crawlers.urls import canonicalise, host_of, is_article_url, is_tracking_param, strip_tracking


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a", "https://example.com/a"),
        ("HTTPS://WWW.Example.COM/a/B", "https://www.example.com/a/B"),  # host lowercased, path kept
        ("https://example.com:443/a", "https://example.com/a"),  # default port
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),  # other port kept
        ("https://example.com", "https://example.com/"),  # empty path
        ("https://example.com/a#comments", "https://example.com/a"),  # fragment
        ("https://example.com./a", "https://example.com/a"),  # trailing dot
        ("https://user:secret@example.com/a", "https://example.com/a"),  # credentials never stored
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y", "https://example.com/a"),
        ("https://example.com/a?id=7&utm_campaign=z", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=abc", "https://example.com/a"),
        ("https://example.com/a?gclid=1&page=2", "https://example.com/a?page=2"),
        ("https://example.com/a?ref=rss", "https://example.com/a"),
        ("https://example.com/a?from=mdr", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),  # order kept: still fetchable
        (
            "https://pib.gov.in/PressReleasePage.aspx?PRID=2032001",
            "https://pib.gov.in/PressReleasePage.aspx?PRID=2032001",
        ),
        (
            "https://www.mea.gov.in/press-releases.htm?dtl/37950/Joint_Statement",
            "https://www.mea.gov.in/press-releases.htm?dtl/37950/Joint_Statement",
        ),  # key-less query survives
        (
            "https://www.mea.gov.in/press-releases.htm?dtl/37950/X&utm_source=t",
            "https://www.mea.gov.in/press-releases.htm?dtl/37950/X",
        ),
        ("https://example.com/a?", "https://example.com/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
        ("mailto:desk@example.com", "mailto:desk@example.com"),  # not HTTP: untouched
    ],
)
def test_canonicalise(url, expected):
    assert canonicalise(url) == expected


@pytest.mark.parametrize(
    ("href", "base", "expected"),
    [
        (
            "/politics/1815551",
            "https://wire.example/politics/1815551?utm_source=x",
            "https://wire.example/politics/1815551",
        ),
        (
            "press-releases.htm?dtl/1/A",
            "https://www.mea.gov.in/press-releases.htm?51/Press_Releases",
            "https://www.mea.gov.in/press-releases.htm?dtl/1/A",
        ),
        ("//cdn.example.com/x", "https://example.com/", "https://cdn.example.com/x"),
        ("https://other.example/x", "https://example.com/", "https://other.example/x"),
    ],
)
def test_canonicalise_resolves_against_base(href, base, expected):
    assert canonicalise(href, base=base) == expected


@pytest.mark.parametrize(
    ("name", "tracking"),
    [
        ("utm_source", True),
        ("UTM_Medium", True),
        ("utm_anything_new", True),
        ("fbclid", True),
        ("gclid", True),
        ("msclkid", True),
        ("mc_eid", True),
        ("_ga", True),
        ("ref", True),
        ("ref_src", True),
        ("pk_campaign", True),
        ("mtm_source", True),
        ("igshid", True),
        ("id", False),
        ("page", False),
        ("PRID", False),
        ("q", False),
        ("dtl/37950/X", False),
        ("reference", False),
    ],
)
def test_is_tracking_param(name, tracking):
    assert is_tracking_param(name) is tracking


def test_strip_tracking_keeps_raw_pairs():
    assert strip_tracking("q=a%20b&utm_source=x&&flag") == "q=a%20b&flag"


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://www.thehindu.com/news/national/india-russia-s-400/article68401234.ece", True),
        ("https://tass.com/politics/1815551", True),
        ("https://economictimes.indiatimes.com/news/defence/ak-203/articleshow/111612345.cms", True),
        ("https://www.ndtv.com/world-news/modi-putin-kudankulam-units-talks-6012345", True),
        ("https://example.com/2024/07/09/summit/", True),
        ("https://example.com/world/india-and-russia-sign-new-deal", True),
        ("https://pib.gov.in/PressReleasePage.aspx?PRID=2032001", True),
        ("https://www.mea.gov.in/press-releases.htm?dtl/37950/Joint_Statement", True),
        ("https://example.com/", False),
        ("https://example.com/world/", False),
        ("https://example.com/tag/russia/", False),
        ("https://example.com/topic/india-russia-relations", False),
        ("https://example.com/author/meera-krishnan-12345", False),
        ("https://example.com/videos/india-russia-summit-highlights-123456", False),
        ("https://example.com/photos/putin-modi-moscow-visit-in-pictures", False),
        ("https://example.com/files/joint-statement-2024-full-text.pdf", False),
        ("https://example.com/images/s400-launcher-in-rajasthan.jpg", False),
        ("https://example.com/rss/world-news.xml", False),
        ("https://example.com/about-us", False),
        ("https://example.com/search?q=russia", False),
        ("ftp://example.com/india-russia-deal-text-2024", False),
        ("not a url", False),
    ],
)
def test_is_article_url(url, article):
    assert is_article_url(url) is article


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://WWW.Example.com:8443/a", "www.example.com"),
        ("https://example.com./", "example.com"),
        ("/relative", ""),
    ],
)
def test_host_of(url, host):
    assert host_of(url) == host
