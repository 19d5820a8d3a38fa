-- Load one run's staged Parquet into the warehouse. Each $<table> is the list of that table's
-- staged files (see lake_rows.sql, run first). Runs inside one transaction opened by
-- warehouse/db.py: every post the run touched loses its earlier rows in every table and gets
-- the new ones, so a changed file replaces its rows and an unchanged file (never staged) keeps
-- them.

create or replace temp table _touched as
select distinct post_id from lake_rows($raw_posts);

delete from quotes    where post_id in (select post_id from _touched);
delete from links     where post_id in (select post_id from _touched);
delete from articles  where post_id in (select post_id from _touched);
delete from rejects   where post_id in (select post_id from _touched);
delete from raw_posts where post_id in (select post_id from _touched);

insert into raw_posts by name select * from lake_rows($raw_posts);
insert into articles  by name select * from lake_rows($articles);
insert into quotes    by name select * from lake_rows($quotes);
insert into links     by name select * from lake_rows($links);
insert into rejects   by name select * from lake_rows($rejects);
insert into runs      by name select * from lake_rows($runs);

drop table _touched;
