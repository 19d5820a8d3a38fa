-- The version of each post the warehouse holds now, where its bytes sit in the lake, and
-- whether they were kept (input to reprocessing).
select post_id, source_path, size_bytes, sha256, file_mtime, run_id as lake_run_id,
       strftime(ingest_date, '%Y-%m-%d') as lake_date, raw is not null as has_raw
from raw_posts
order by source_path
