-- The posts the checks look at: after a load ($run_id set), every post the run touched (it
-- wrote each one's raw_posts row) and every post named by a row of the run, or by a row with no
-- run at all; with $run_id null (`posts-etl check`, a rebuild), every post. Each check then
-- looks at all rows of these posts, whichever run wrote them, so a stale or stray row of a
-- touched post is found as before, at a cost that follows the run's size.
create or replace temp table _check_scope as
select post_id from raw_posts where $run_id is null or run_id = $run_id or run_id is null
union
select post_id from articles  where $run_id is null or run_id = $run_id or run_id is null
union
select post_id from rejects   where $run_id is null or run_id = $run_id or run_id is null
union
select post_id from quotes    where $run_id is null or run_id = $run_id or run_id is null
union
select post_id from links     where $run_id is null or run_id = $run_id or run_id is null;
