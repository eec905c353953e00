-- purpose: who imposed, threatened, waived, lifted or discussed which sanctions on whom in the last 30 days
with recent as (
    select *
    from v_sanctions
    where relevant
      and day > current_date - 30
)
select imposer,
       status,
       regime,
       target,
       count(*) as mentions,
       count(distinct outlet) as outlets,
       min(day) as first_day,
       max(day) as last_day
from recent
group by imposer, status, regime, target
order by last_day desc, imposer nulls last, status, regime, target;
