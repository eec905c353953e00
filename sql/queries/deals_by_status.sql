-- Which deals moved: latest status per system, with the evidence sentence and its source.
with ranked as (
    select m.system, m.status, m.quantity, m.value_usd, m.sentence, a.title, a.canonical_url,
           coalesce(a.published_at, a.fetched_at) as seen_at,
           row_number() over (partition by m.system order by coalesce(a.published_at, a.fetched_at) desc) as rn
    from mentions m
    join articles a using (article_id)
    where m.type = 'deal' and a.relevant
)
select system, status, quantity, round(value_usd / 1e9, 2) as value_usd_bn, seen_at::date, title, canonical_url
from ranked
where rn = 1
order by seen_at desc;
