-- purpose: deals that reached a new stage in the last 7 days (a report beyond every earlier one), with the evidence
select event_date,
       system,
       counterparty,
       programme,
       coalesce(previous_status, '(first report)') as previous_report,
       event_status as new_stage,
       deal_status,
       outlet,
       left(sentence, 160) as evidence,
       url
from v_deals_timeline
where advanced
  and event_date > current_date - 7
order by event_date desc, system;
