"""Scrapy project: spiders fetch and parse; pipelines clean, validate, filter, dedupe, store.

See crawlers/README.md.
"""
