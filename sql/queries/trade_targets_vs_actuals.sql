-- Trade figures claimed for India-Russia, targets kept apart from reported actuals.
select case when is_target then 'target' else 'actual' end as kind, year, metric,
       round(amount_usd / 1e9, 1) as usd_bn, count(*) as mentions, min(left(sentence, 120)) as example
from mentions
where type = 'trade_figure'
group by is_target, year, metric, round(amount_usd / 1e9, 1)
order by kind, year nulls last, usd_bn;
