-- What must slice back out of each article of the posts in _check_scope (check_scope.sql), as
-- flat rows: per post its article (kind 0: part holds the title, text the body), then its quotes
-- (1), links (2: part is the place) and embeds (3), so a reader of this one connection (the load's
-- transaction) streams them in post order and holds one body at a time. warehouse/db.py does the
-- slicing (_offset_failures): DuckDB's substr walks a non-ASCII string from its start to reach an
-- offset, so a check written as substr(body, …) per quote costs quotes × body length (33 s for
-- one 4 MB post with 16,000 quotes), where this is linear. Quotes and links of a post without an
-- article come before no article row of theirs and are skipped: they are the orphans check's.
select post_id, 0 as kind, null as id, title as part, null as start_char, null as end_char,
       body as text, null as context_start, null as context_end
from articles semi join _check_scope using (post_id)
union all
select post_id, 1, quote_id, part, start_char, end_char, quote, context_start, context_end
from quotes semi join _check_scope using (post_id)
union all
select post_id, 2, link_id, place, start_char, end_char, url, null, null
from links semi join _check_scope using (post_id)
union all
select post_id, 3, null, null, e.start_char, e.end_char, e.text, null, null
from (select post_id, unnest(embeds) as e from articles semi join _check_scope using (post_id))
order by post_id, kind
