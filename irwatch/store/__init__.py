"""Every read and write of irwatch's PostgreSQL database, one module per table family.

Stages (crawl, tag, alert, send), the spiders' pipelines and the CLI call these functions and hold no SQL of
their own; the crawlers depend on this package, never the other way round. Functions take an open
psycopg connection and leave transaction control to the caller unless their docstring says otherwise.
"""
