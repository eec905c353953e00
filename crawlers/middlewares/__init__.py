"""Downloader middlewares, one per file (see DOWNLOADER_MIDDLEWARES in crawlers/settings.py)."""
