-- purpose: rows the store refused, by target table and reason (the words before the first colon), newest first
select target_table,
       split_part(reason, ':', 1) as reason,
       count(*) as rejected,
       count(distinct crawl_run_id) as crawl_runs,
       min(rejected_at) as first_rejected_at,
       max(rejected_at) as last_rejected_at,
       min(reason) as example
from rejected_rows
group by target_table, split_part(reason, ':', 1)
order by last_rejected_at desc, target_table, reason;
