-- purpose: enabled sources with no new article for 3 days or more (edit silent_days), or none stored at all
with params as (
    select 3 as silent_days
)
select h.source_name,
       h.newest_article_day,
       h.days_since_newest_article,
       h.last_crawl_started_at,
       h.last_crawl_status,
       h.crawls_7d,
       h.failed_crawls_7d,
       h.top_errors_7d
from v_source_health h
cross join params p
where h.enabled
  and (h.newest_article_day is null or h.days_since_newest_article >= p.silent_days)
order by h.days_since_newest_article desc nulls first, h.source_name;
