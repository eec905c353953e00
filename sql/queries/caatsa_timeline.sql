-- purpose: every CAATSA mention of a relevant article, oldest first: who did what to whom, where, and its alert
select day,
       status,
       imposer,
       target,
       outlet,
       left(sentence, 160) as evidence,
       coalesce(alert_status, '-') as alert_status,
       url
from v_caatsa_mentions
where relevant
order by day, mention_id;
