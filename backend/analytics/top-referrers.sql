-- The 20 external referrers (host) bringing the most page views, and their distinct
-- visitors. Navigation inside the site (referrer on the page's own host) is left out.
-- Crawlers excluded. split_part, not url_extract_host: DuckDB has no url functions.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
SELECT split_part(referrer, '/', 3) AS referrer_host,
       count(*) AS visits,
       count(distinct user_id) AS visitors
FROM clickstream.events
WHERE type = 'page' AND NOT is_bot AND referrer IS NOT NULL
  AND split_part(referrer, '/', 3) <> split_part(page_url, '/', 3)
  AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
  AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
GROUP BY 1
ORDER BY visits DESC, referrer_host
LIMIT 20;
