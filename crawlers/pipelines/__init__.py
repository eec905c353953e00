"""Item pipelines, one per file, in ITEM_PIPELINES order: clean → validate → prefilter → dedupe → store.

Each drop raises DropItem with "<code>: <url>: <what to do about it>"; the code
before the first colon is what crawl_runs.drop_reasons and dropped_urls.reason_code count.
"""
