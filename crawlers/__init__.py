"""Scrapy project: spiders fetch and parse, pipelines clean/validate/filter/dedupe/store (see crawlers/README.md)."""
