-- Keys that appear more than once: each is a row a rerun or a replacement failed to remove.
-- Looked up for the posts in _check_scope (check_scope.sql) and for the run's own runs row.
with
rp as (select post_id as key from raw_posts semi join _check_scope using (post_id)),
ar as (select post_id as key from articles  semi join _check_scope using (post_id)),
rj as (select post_id as key from rejects   semi join _check_scope using (post_id)),
qu as (select quote_id as key from quotes   semi join _check_scope using (post_id)),
li as (select link_id as key from links     semi join _check_scope using (post_id))
select 'raw_posts' as tbl, key, count(*) as n from rp group by key having count(*) > 1
union all
select 'articles', key, count(*) from ar group by key having count(*) > 1
union all
select 'rejects', key, count(*) from rj group by key having count(*) > 1
union all
select 'quotes', quote_id, count(*) from quotes semi join qu on quote_id = qu.key group by quote_id having count(*) > 1
union all
select 'links', link_id, count(*) from links semi join li on link_id = li.key group by link_id having count(*) > 1
union all
select 'runs', run_id, count(*) from runs where $run_id is null or run_id = $run_id group by run_id having count(*) > 1
