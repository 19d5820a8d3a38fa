-- Keys that appear more than once: each is a row a rerun or a replacement failed to remove.
-- After a load ($run_id set) only the run's keys are looked up: a hash of the run's keys probed
-- with each table's key column, so the cost follows the run's size, not the warehouse's.
with
rp as (select post_id as key from raw_posts where $run_id is null or run_id = $run_id),
ar as (select post_id as key from articles  where $run_id is null or run_id = $run_id),
rj as (select post_id as key from rejects   where $run_id is null or run_id = $run_id),
qu as (select quote_id as key from quotes   where $run_id is null or run_id = $run_id),
li as (select link_id as key from links     where $run_id is null or run_id = $run_id),
ru as (select run_id as key from runs       where $run_id is null or run_id = $run_id)
select 'raw_posts' as tbl, post_id as key, count(*) as n from raw_posts semi join rp on post_id = rp.key group by post_id having count(*) > 1
union all
select 'articles', post_id, count(*) from articles semi join ar on post_id = ar.key group by post_id having count(*) > 1
union all
select 'rejects', post_id, count(*) from rejects semi join rj on post_id = rj.key group by post_id having count(*) > 1
union all
select 'quotes', quote_id, count(*) from quotes semi join qu on quote_id = qu.key group by quote_id having count(*) > 1
union all
select 'links', link_id, count(*) from links semi join li on link_id = li.key group by link_id having count(*) > 1
union all
select 'runs', run_id, count(*) from runs semi join ru on run_id = ru.key group by run_id having count(*) > 1
