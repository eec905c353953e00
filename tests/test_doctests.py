"""The examples in docstrings are true: run them."""

import doctest
import importlib

import pytest

MODULES = [
    "irwatch.alerts", "irwatch.textsafe", "nlp.relevance", "nlp.inflect", "nlp.language", "nlp.gazetteer",
    "nlp.amounts", "nlp.fx", "irwatch.db", "crawlers.middlewares.conditional_get", "crawlers.failures", "crawlers.urls",
    "crawlers.dates", "irwatch.sources", "crawlers.pipelines.dedupe", "nlp.agreement",
    "irwatch.deal_matching", "irwatch.store.clean", "irwatch.store.mentions", "irwatch.store.articles",
    "irwatch.alerts", "irwatch.alert_rules", "irwatch.render", "irwatch.crawl", "irwatch.cluster",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
