-- One run's rejects, for its summary: the first $n by path.
select source_path, reason_code, reason
from rejects
where run_id = $run_id
order by source_path
limit $n
