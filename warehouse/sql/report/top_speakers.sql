-- Most quoted speakers in the warehouse (attributed quotes only).
select speaker, count(*) as quotes, count(distinct post_id) as articles
from quotes
where speaker is not null
group by speaker
order by quotes desc, speaker
limit $n
