-- Rebuild every table from the lake alone, into an empty database. Each $<table> is the list of
-- that table's lake files (see lake_rows.sql, run first). Only runs whose marker file reached
-- lake/runs count; for each post the latest such run wins, which is exactly what the
-- incremental loads left behind. (lake_rows reads with union_by_name: marker files written
-- before runs.flow existed lack that column, null.)

insert into runs by name select * from lake_rows($runs);

create or replace temp table _latest as
select post_id, max(run_id) as run_id
from lake_rows($raw_posts)
where run_id in (select run_id from runs)
group by post_id;

insert into raw_posts by name select * from lake_rows($raw_posts) semi join _latest using (post_id, run_id);
insert into articles  by name select * from lake_rows($articles)  semi join _latest using (post_id, run_id);
insert into quotes    by name select * from lake_rows($quotes)    semi join _latest using (post_id, run_id);
insert into links     by name select * from lake_rows($links)     semi join _latest using (post_id, run_id);
insert into rejects   by name select * from lake_rows($rejects)   semi join _latest using (post_id, run_id);

drop table _latest;
