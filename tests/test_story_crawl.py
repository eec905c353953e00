"""Story identity end to end on real syndicated coverage: the story pool served as a local site, crawled,
tagged, clustered, alerted and mailed (irwatch.stories.crawl_check). The pages are read from
../shared/stories-pool at run time; the test skips where the pool is absent."""

from __future__ import annotations

import pytest

from irwatch.stories import crawl_check
from irwatch.stories import evaluate as ev

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.both_servers]

if not ev.pool_path().exists():
    pytest.skip(f"story pool not found at {ev.pool_path()}: end-to-end story check skipped",
                allow_module_level=True)


def test_real_copies_crawled_become_one_story_each_and_a_rerun_sends_nothing(clean_db):
    lines: list[str] = []
    result = crawl_check.run_check(clean_db, out=lines.append)
    assert result is not None
    start = next((i for i, line in enumerate(lines) if line.startswith("== story check")), 0)
    report = "\n".join(lines[start:])

    # every pool page is stored or dropped for a stated reason; drops are not clustering errors
    assert not result.missing, report
    assert len(result.crawled) >= 0.8 * result.pages, report
    # different events never share a story (labelled pairs with both pages stored)
    assert result.different_merged == 0, report
    # verbatim and light-edit copies that were crawled are in one story
    recall = result.exact_copy_recall
    assert recall is not None and recall >= crawl_check.TARGET_RECALL, report
    # every email reached the sink, and alert + send again sends nothing
    assert result.emails_sent > 0 and result.received == result.emails_sent, report
    assert result.rerun_queued == 0 and result.rerun_sent == 0, report
