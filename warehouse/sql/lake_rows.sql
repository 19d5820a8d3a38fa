-- lake_rows(files): the rows of a list of lake (or staging) Parquet files, with each row's
-- ingest_date taken from its file's ingest_date=YYYY-MM-DD folder (the last one in the path).
-- warehouse/db.py names the files one by one: DuckDB would take a pattern built on the data
-- dir as a glob (a data dir called br[ac]kets would match nothing), and hive_partitioning would
-- turn every key=value folder of the data dir's path into a column.
create or replace temp macro lake_rows(files) as table
select * exclude (filename),
       regexp_extract(filename, 'ingest_date=(\d{4}-\d{2}-\d{2})/[^/]*$', 1)::date as ingest_date
from read_parquet(files, hive_partitioning = false, union_by_name = true, filename = true);
