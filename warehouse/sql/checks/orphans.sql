-- Quotes and links without an article, and raw posts that are neither loaded nor rejected
-- (or both): every input must end as exactly one of the two. Looked at for the posts in
-- _check_scope (check_scope.sql): a load replaces every row of each post it touches.
with
rq as (select quote_id, post_id from quotes  semi join _check_scope using (post_id)),
rl as (select link_id, post_id from links    semi join _check_scope using (post_id)),
rr as (select post_id, status from raw_posts semi join _check_scope using (post_id)),
ra as (select post_id from articles          semi join _check_scope using (post_id)),
rj as (select post_id from rejects           semi join _check_scope using (post_id))
select 'quote without article' as problem, q.quote_id as key
from rq as q anti join articles as a using (post_id)
union all
select 'link without article', l.link_id
from rl as l anti join articles as a using (post_id)
union all
select 'raw post neither loaded nor rejected', r.post_id
from rr as r
where (r.status = 'loaded'   and r.post_id not in (select post_id from ra))
   or (r.status = 'rejected' and r.post_id not in (select post_id from rj))
   or r.status is null or r.status not in ('loaded', 'rejected')
union all
select 'article or reject without raw post', x.post_id
from (select post_id from ra union all select post_id from rj) as x
anti join raw_posts as r using (post_id)
union all
select 'post both loaded and rejected', a.post_id
from ra as a semi join rj as j using (post_id)
