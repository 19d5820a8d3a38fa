-- What must slice back out of each article of a run ($run_id null: of every article): its
-- quotes, its links and its embeds, gathered per article so each body is read once.
-- warehouse/db.py does the slicing (offset_failures): DuckDB's substr walks a non-ASCII string
-- from its start to reach an offset, so a check written as substr(body, …) per quote costs
-- quotes × body length (62 s for one 8 MB post with 25,815 quotes), where this is linear.
-- Quotes and links of the run without an article of the run are the orphans check's.
with q as (
    select post_id,
           list(struct_pack(quote_id, part, start_char, end_char, quote, context_start, context_end)) as quotes
    from quotes
    where $run_id is null or run_id = $run_id
    group by post_id
),
l as (
    select post_id, list(struct_pack(link_id, place, start_char, end_char, url)) as links
    from links
    where $run_id is null or run_id = $run_id
    group by post_id
)
select a.post_id, a.title, a.body, a.embeds, q.quotes, l.links
from articles as a
left join q using (post_id)
left join l using (post_id)
where $run_id is null or a.run_id = $run_id
