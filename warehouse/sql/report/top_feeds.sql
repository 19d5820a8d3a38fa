-- Feeds with the most articles in the warehouse (latest version of every post).
select feed, count(*) as articles, sum(quote_count) as quotes, sum(link_count) as links
from articles
where feed is not null
group by feed
order by articles desc, feed
limit $n
