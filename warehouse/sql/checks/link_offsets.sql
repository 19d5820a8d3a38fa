-- Body links whose offsets do not slice the url back out of the body, and links whose offsets
-- disagree with their place (only links in the body have offsets).
select l.link_id, l.post_id, l.place, l.start_char, l.end_char, l.url,
       substr(a.body, l.start_char + 1, l.end_char - l.start_char) as sliced
from links as l
join articles as a using (post_id)
where ($run_id is null or l.run_id = $run_id)
  and ((l.place = 'body') is distinct from (l.start_char is not null and l.end_char is not null)
       or (l.place = 'body'
           and (l.start_char < 0
                or l.end_char > length(a.body)
                or substr(a.body, l.start_char + 1, l.end_char - l.start_char) is distinct from l.url)))
