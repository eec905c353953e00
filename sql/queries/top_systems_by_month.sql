-- purpose: the five deal systems most mentioned each month (current versions of relevant articles)
with deal_mentions as (
    select m.system,
           m.article_id,
           date_trunc('month', coalesce(a.published_local_date, (a.published_at at time zone 'UTC')::date,
                                        (a.fetched_at at time zone 'UTC')::date))::date as month
    from mentions m
    join articles a on a.article_id = m.article_id and m.article_version = a.version
    where m.type = 'deal'
      and a.relevant
      and m.system is not null
), counted as (
    select month, system, count(*) as mentions, count(distinct article_id) as articles
    from deal_mentions
    group by month, system
), ranked as (
    select counted.*, rank() over (partition by month order by mentions desc) as place
    from counted
)
select month, place, system, mentions, articles
from ranked
where place <= 5
order by month desc, place, system;
