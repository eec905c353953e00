"""Publication days on real pages: ours against htmldate alone, on the same pages in the same run.

The pool (../shared/dates-pool: htmldate's 724 evaluation pages) stays outside the
project; the test skips when it is absent. Every other page is run (about 20 s, one thread), served over
local HTTP as crawlers.date_eval does; `python -m crawlers.date_eval` measures the whole pool.
"""

from __future__ import annotations

import pytest

from crawlers.date_eval import DEFAULT_POOL, absent_message, evaluate, load_pool

EVERY = 2  # half the pages, alternating: the same mix of sites and languages in half the time

pytestmark = pytest.mark.skipif(load_pool(DEFAULT_POOL) is None, reason=absent_message(DEFAULT_POOL))


@pytest.fixture(scope="module")
def report():
    # one thread: a test worker died once (no traceback) while two threads extracted in one process;
    # the crawler itself extracts on one thread, so that is what the test measures
    return evaluate(DEFAULT_POOL, every=EVERY, workers=1)


def test_every_page_of_the_pool_is_judged(report):
    assert report.pages == len(list(load_pool(DEFAULT_POOL).items())[::EVERY])
    assert not report.errors(), report.errors()[:3]


def test_ours_is_at_least_htmldate_on_the_same_pages(report):
    assert report.ours_share >= report.htmldate_share, "\n".join(report.summary())


def test_the_overlap_counts_add_up(report):
    both, only_ours = report.count(True, True), report.count(True, False)
    only_htmldate, neither = report.count(False, True), report.count(False, False)
    assert both + only_ours + only_htmldate + neither == report.pages
    assert both + only_ours == report.count(ours=True)
