-- purpose: deal reports that contradict the deal's established stage, beside the stage they contradict
select event_date,
       system,
       counterparty,
       programme,
       event_status as reported,
       deal_status,
       deal_status_since,
       expected_status,
       outlet,
       left(sentence, 160) as evidence,
       url
from v_deals_timeline
where conflicts
order by event_date desc, system, deal_event_id;
