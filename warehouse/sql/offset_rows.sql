-- What must slice back out of each article of the posts in _check_scope (check_scope.sql):
-- its quotes, its links and its embeds, gathered per article so each body is read once.
-- warehouse/db.py does the slicing (offset_failures): DuckDB's substr walks a non-ASCII string
-- from its start to reach an offset, so a check written as substr(body, …) per quote costs
-- quotes × body length (33 s for one 4 MB post with 16,000 quotes), where this is linear.
-- Quotes and links without an article are the orphans check's.
with q as (
    select post_id,
           list(struct_pack(quote_id, part, start_char, end_char, quote, context_start, context_end)) as quotes
    from quotes semi join _check_scope using (post_id)
    group by post_id
),
l as (
    select post_id, list(struct_pack(link_id, place, start_char, end_char, url)) as links
    from links semi join _check_scope using (post_id)
    group by post_id
)
select a.post_id, a.title, a.body, a.embeds, q.quotes, l.links
from articles as a
semi join _check_scope using (post_id)
left join q using (post_id)
left join l using (post_id)
