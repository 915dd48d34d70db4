-- The 20 most viewed pages: page views and distinct visitors. Crawlers excluded.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
SELECT page_path,
       count(*) AS views,
       count(distinct user_id) AS visitors
FROM clickstream.events
WHERE type = 'page' AND NOT is_bot AND page_path IS NOT NULL
  AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
  AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
GROUP BY page_path
ORDER BY views DESC, page_path
LIMIT 20;
