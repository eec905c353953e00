"""CAATSA alerts end to end on real coverage (irwatch.stories.caatsa_check): every corpus-pool item that names
CAATSA, served as one local site with a feed per outlet, crawled, tagged, clustered and alerted by the
project's own CAATSA rule. The texts are read from ../shared/corpus-pool at run time; skipped where absent."""

from __future__ import annotations

import pytest

from irwatch.stories import caatsa_check
from nlp.corpus import pool_path

pytestmark = [pytest.mark.slow, pytest.mark.e2e, pytest.mark.both_servers]

if not pool_path().exists():
    pytest.skip(f"corpus pool not found at {pool_path()}: CAATSA alert check skipped", allow_module_level=True)


def test_no_distinct_caatsa_story_is_lost_and_no_copy_is_mailed_twice(clean_db):
    lines: list[str] = []
    result = caatsa_check.run_check(clean_db, out=lines.append)
    assert result is not None
    report = "\n".join(lines[next(i for i, line in enumerate(lines) if line.startswith("== CAATSA")):])

    assert len(result.caatsa_stories) >= 15, report
    # the first round's failure: a distinct story the tagger found, kept from mail by the cluster/alert stage
    assert result.suppressed == [], report
    # copies share their story's email; only independent reports of one event may each alert
    assert all(s["emails"] <= s["copy_groups"] for s in result.stories.values()), report
    # every email names the outlets of the copies it covers
    assert all(s["outlets_named"] for s in result.stories.values() if s["emails"]), report
    assert result.mailed_share("en") >= 0.9, report
    assert len(result.false_alarms) <= 1, report
    assert result.received == result.emails_sent and result.rerun_sent == 0 and result.rerun_queued == 0, report
