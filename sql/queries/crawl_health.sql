-- purpose: source health: each source's last crawl, its last 7 days of crawling, top drop reasons and errors
select source_name,
       enabled,
       last_crawl_started_at,
       last_crawl_status,
       crawls_7d,
       failed_crawls_7d,
       requests_7d,
       kept_7d,
       dropped_7d,
       top_drop_reasons_7d,
       top_errors_7d,
       articles_stored,
       newest_article_day,
       days_since_newest_article
from v_source_health
order by failed_crawls_7d desc, source_name;
