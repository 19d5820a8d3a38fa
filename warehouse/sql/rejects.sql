-- Every file the warehouse holds as a reject, for the run summary.
select source_path, reason_code, reason
from rejects
order by source_path
