-- purpose: mentions per publisher-local day and event type over the last 14 days, with the articles behind them
select day,
       type,
       mentions,
       articles,
       relevant_articles,
       articles_published
from v_daily_counts
where day > current_date - 14
order by day desc, type;
