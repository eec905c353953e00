"""The Celery scale-out smoke run (tests/celery_smoke.py) as a test: two named workers share the mapped crawl
tasks of one irwatch_ingest run, and rows and emails equal a single-process run's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.celery_smoke import REDIS, redis_answers

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
@pytest.mark.e2e
def test_celery_workers_share_the_crawl_and_change_nothing():
    if not redis_answers():
        pytest.skip(f"no Redis answers at {REDIS[0]}:{REDIS[1]}: the CeleryExecutor smoke run needs one")
    out = subprocess.run([sys.executable, "-m", "tests.celery_smoke"], cwd=ROOT, capture_output=True, text=True,
                         timeout=900)
    assert out.returncode == 0 and "PASSED" in out.stdout, out.stdout[-4000:] + out.stderr[-4000:]
    assert "crawl tasks on w1, w2" in out.stdout
