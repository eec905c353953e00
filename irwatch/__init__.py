"""irwatch: crawl, tag and alert on India-Russia news coverage; PostgreSQL is the hand-off between stages."""

__version__ = "0.1.0"
