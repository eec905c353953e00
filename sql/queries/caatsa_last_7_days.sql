-- purpose: CAATSA mentions of the last 7 days (relevant articles) by status and target, with the newest example
select status,
       target,
       count(*) as mentions,
       count(distinct article_id) as articles,
       max(day) as latest_day,
       (array_agg(left(sentence, 160) order by day desc, mention_id desc))[1] as latest_evidence
from v_caatsa_mentions
where relevant
  and day > current_date - 7
group by status, target
order by mentions desc, status, target;
