-- Link domains most often linked to in the warehouse.
select domain, count(*) as links, count(distinct post_id) as articles
from links
where domain is not null
group by domain
order by links desc, domain
limit $n
