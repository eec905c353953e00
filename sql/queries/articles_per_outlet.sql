-- purpose: articles per outlet over the last 30 days, how many are relevant, and the relevance rate of those judged
with recent as (
    select source_name as outlet,
           relevant,
           tagged_version
    from articles
    where coalesce(published_local_date, (published_at at time zone 'UTC')::date,
                   (fetched_at at time zone 'UTC')::date) > current_date - 30
)
select outlet,
       count(*) as articles,
       count(*) filter (where relevant) as relevant,
       count(*) filter (where tagged_version is null) as untagged,
       round(100.0 * count(*) filter (where relevant) / nullif(count(relevant), 0), 1) as relevant_pct
from recent
group by outlet
order by articles desc, outlet;
