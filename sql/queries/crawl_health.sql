-- Crawl health: the last run per source with what it kept, dropped and why.
select distinct on (source_name) source_name, started_at, status, requests, articles_kept, articles_dropped,
       drop_reasons, errors
from crawl_runs
order by source_name, started_at desc;
