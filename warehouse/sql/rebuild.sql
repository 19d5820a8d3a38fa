-- Rebuild every table from the lake alone ($lake = the lake folder), into an empty database.
-- Only runs whose marker file reached lake/runs count; for each post the latest such run wins,
-- which is exactly what the incremental loads left behind.

-- union_by_name: marker files written before runs.flow existed lack that column (null).
insert into runs by name
select * from read_parquet($lake || '/runs/*/*.parquet', hive_partitioning = true, union_by_name = true);

create or replace temp table _latest as
select post_id, max(run_id) as run_id
from read_parquet($lake || '/raw_posts/*/*.parquet', hive_partitioning = true)
where run_id in (select run_id from runs)
group by post_id;

insert into raw_posts by name
select r.* from read_parquet($lake || '/raw_posts/*/*.parquet', hive_partitioning = true) as r
semi join _latest using (post_id, run_id);

insert into articles by name
select a.* from read_parquet($lake || '/articles/*/*.parquet', hive_partitioning = true) as a
semi join _latest using (post_id, run_id);

insert into quotes by name
select q.* from read_parquet($lake || '/quotes/*/*.parquet', hive_partitioning = true) as q
semi join _latest using (post_id, run_id);

insert into links by name
select l.* from read_parquet($lake || '/links/*/*.parquet', hive_partitioning = true) as l
semi join _latest using (post_id, run_id);

insert into rejects by name
select j.* from read_parquet($lake || '/rejects/*/*.parquet', hive_partitioning = true) as j
semi join _latest using (post_id, run_id);

drop table _latest;
