-- Upgrading from the alert stage before stories: the CAATSA mentions it already judged (those of every article
-- it queued or suppressed an alert for) stay judged, so the first story-based run does not mail them again.
insert into alert_mentions (rule, mention_id, alert_id, outcome)
select distinct on (x.rule, m.mention_id) x.rule, m.mention_id, x.alert_id,
       case when x.mention_id = m.mention_id and x.status <> 'suppressed' then 'alerted' else 'covered' end
  from alerts x
  join mentions m on m.article_id = x.article_id
 where x.story_id is null and m.type = 'sanction' and m.caatsa
 order by x.rule, m.mention_id, (x.mention_id = m.mention_id) desc, x.alert_id
on conflict do nothing;
