"""One spider per kind of source (feed, sitemap) or per site that needs its own parsing (mea, pib)."""
