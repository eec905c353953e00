"""Scrapy extensions: drop-reason counting and the crawl_runs bookkeeping."""
