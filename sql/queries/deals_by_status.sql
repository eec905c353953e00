-- purpose: each deal's current status on the ladder with its timeline of reported stages, furthest along first
select d.system,
       d.counterparty,
       d.programme,
       d.status,
       l.ladder_rank,
       d.status_since,
       d.events,
       d.conflicting_events,
       t.timeline
from deals d
left join v_deal_ladder l on l.status = d.status
left join lateral (
    select string_agg(coalesce(e.event_date::text, '?') || ' ' || e.event_status || ' (' || e.outlet || ')'
                      || case when e.conflicts then ' [conflicts]' else '' end,
                      '; ' order by e.event_date, e.deal_event_id) as timeline
    from v_deals_timeline e
    where e.deal_id = d.deal_id
) t on true
order by l.ladder_rank desc nulls last, d.status, d.system, d.programme;
