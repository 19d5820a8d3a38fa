-- Quotes whose offsets do not slice the quote back out of its article body.
select q.quote_id, q.post_id, q.start_char, q.end_char, q.quote,
       substr(a.body, q.start_char + 1, q.end_char - q.start_char) as sliced
from quotes as q
join articles as a using (post_id)
where ($run_id is null or q.run_id = $run_id)
  and (q.start_char < 0
       or q.end_char > length(a.body)
       or substr(a.body, q.start_char + 1, q.end_char - q.start_char) is distinct from q.quote)
