-- Quotes whose offsets do not slice the quote back out of its article's body (or title, for
-- part = 'title'), or whose context does not contain the quote.
select q.quote_id, q.post_id, q.part, q.start_char, q.end_char, q.quote,
       substr(t.text, q.start_char + 1, q.end_char - q.start_char) as sliced
from quotes as q
join (select post_id, 'body' as part, body as text from articles
      union all
      select post_id, 'title', title from articles) as t using (post_id, part)
where ($run_id is null or q.run_id = $run_id)
  and (q.start_char < 0
       or q.end_char > length(t.text)
       or substr(t.text, q.start_char + 1, q.end_char - q.start_char) is distinct from q.quote
       or q.context_start > q.start_char
       or q.context_end < q.end_char)
