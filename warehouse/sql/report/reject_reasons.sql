-- Reject reasons of one run, with counts.
select reason_code, count(*) as files
from rejects
where run_id = $run_id
group by reason_code
order by files desc, reason_code
