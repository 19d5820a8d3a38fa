-- Embedded social posts whose offsets do not slice their text back out of the body.
select a.post_id, e.start_char, e.end_char, e.text
from (select post_id, run_id, body, unnest(embeds) as e from articles) as a
where ($run_id is null or a.run_id = $run_id)
  and substr(a.body, e.start_char + 1, e.end_char - e.start_char) is distinct from e.text
