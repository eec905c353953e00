-- Who threatened, imposed or waived CAATSA sanctions, and when; one row per mention.
select coalesce(a.published_at, a.fetched_at)::date as day, m.status, m.imposer, m.target,
       left(m.sentence, 160) as evidence, a.canonical_url
from mentions m
join articles a using (article_id)
where m.type = 'sanction' and m.caatsa
order by day, m.mention_id;
