-- Quotes and links without an article, and raw posts that are neither loaded nor rejected
-- (or both): every input must end as exactly one of the two.
select 'quote without article' as problem, q.quote_id as key
from quotes as q anti join articles as a using (post_id)
union all
select 'link without article', l.link_id
from links as l anti join articles as a using (post_id)
union all
select 'raw post neither loaded nor rejected', r.post_id
from raw_posts as r
where (r.status = 'loaded'   and r.post_id not in (select post_id from articles))
   or (r.status = 'rejected' and r.post_id not in (select post_id from rejects))
   or r.status not in ('loaded', 'rejected')
union all
select 'article or reject without raw post', x.post_id
from (select post_id from articles union all select post_id from rejects) as x
anti join raw_posts as r using (post_id)
union all
select 'post both loaded and rejected', a.post_id
from articles as a semi join rejects as j using (post_id)
