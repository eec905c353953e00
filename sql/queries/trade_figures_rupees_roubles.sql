-- purpose: trade figures stated in rupees or roubles, as written, with their US-dollar value and the rate implied
select day,
       outlet,
       kind,
       year,
       metric,
       stated,
       amount,
       currency,
       usd_bn,
       round(amount / nullif(amount_usd, 0), 2) as units_per_usd,
       left(sentence, 160) as evidence
from v_trade_figures
where currency in ('INR', 'RUB')
order by day desc, mention_id;
