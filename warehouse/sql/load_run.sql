-- Load one run's staged Parquet ($stage = the run's staging folder) into the warehouse.
-- Runs inside one transaction opened by warehouse/db.py: every post the run touched loses its
-- earlier rows in every table and gets the new ones, so a changed file replaces its rows and
-- an unchanged file (never staged) keeps them.

create or replace temp table _touched as
select distinct post_id from read_parquet($stage || '/raw_posts/*/*.parquet');

delete from quotes    where post_id in (select post_id from _touched);
delete from links     where post_id in (select post_id from _touched);
delete from articles  where post_id in (select post_id from _touched);
delete from rejects   where post_id in (select post_id from _touched);
delete from raw_posts where post_id in (select post_id from _touched);

insert into raw_posts by name select * from read_parquet($stage || '/raw_posts/*/*.parquet', hive_partitioning = true);
insert into articles  by name select * from read_parquet($stage || '/articles/*/*.parquet', hive_partitioning = true);
insert into quotes    by name select * from read_parquet($stage || '/quotes/*/*.parquet', hive_partitioning = true);
insert into links     by name select * from read_parquet($stage || '/links/*/*.parquet', hive_partitioning = true);
insert into rejects   by name select * from read_parquet($stage || '/rejects/*/*.parquet', hive_partitioning = true);
insert into runs      by name select * from read_parquet($stage || '/runs/*/*.parquet', hive_partitioning = true);

drop table _touched;
