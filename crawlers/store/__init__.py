"""PostgreSQL side of the crawl: one connection per crawl, small SQL helpers per table."""
