-- The source folders the posts the warehouse holds now were read from: a reprocess run's
-- `source` (it reads the lake, but its posts came from these folders).
select distinct r.source
from runs as r
where r.run_id in (select distinct run_id from raw_posts)
order by r.source
