-- Keys that appear more than once: each is a row a rerun or a replacement failed to remove.
select 'raw_posts' as tbl, post_id as key, count(*) as n from raw_posts group by post_id having count(*) > 1
union all
select 'articles', post_id, count(*) from articles group by post_id having count(*) > 1
union all
select 'rejects', post_id, count(*) from rejects group by post_id having count(*) > 1
union all
select 'quotes', quote_id, count(*) from quotes group by quote_id having count(*) > 1
union all
select 'links', link_id, count(*) from links group by link_id having count(*) > 1
union all
select 'runs', run_id, count(*) from runs group by run_id having count(*) > 1
