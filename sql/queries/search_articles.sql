-- purpose: full-text search of titles and texts (websearch syntax: "phrase", or, -word), best first, with extracts
with q as (
    select websearch_to_tsquery('english', 'caatsa waiver -turkey') as query
)
select a.article_id,
       coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                (a.fetched_at at time zone 'UTC')::date) as day,
       a.source_name as outlet,
       a.title,
       round(ts_rank(a.search, q.query)::numeric, 4) as rank,
       ts_headline('english', a.text, q.query, 'MaxFragments=2, MinWords=5, MaxWords=20') as extract,
       a.canonical_url as url
from articles a
cross join q
where a.search @@ q.query
order by rank desc, day desc, a.article_id
limit 20;
