-- purpose: per year and metric, the latest stated target beside the latest reported actual, in USD billions
with latest as (
    select kind, year, metric, usd_bn, day, outlet,
           row_number() over (partition by kind, year, metric order by day desc, mention_id desc) as rn
    from v_trade_figures
    where relevant
      and year is not null
      and usd_bn is not null
)
select year,
       metric,
       max(usd_bn) filter (where kind = 'target') as target_usd_bn,
       max(day) filter (where kind = 'target') as target_stated_on,
       max(usd_bn) filter (where kind = 'actual') as latest_actual_usd_bn,
       max(day) filter (where kind = 'actual') as actual_reported_on,
       max(usd_bn) filter (where kind = 'actual') - max(usd_bn) filter (where kind = 'target') as actual_minus_target_bn
from latest
where rn = 1
group by year, metric
order by year, metric;
