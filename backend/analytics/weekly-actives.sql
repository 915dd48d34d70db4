-- Weekly active users: distinct users per ISO week (Monday start, UTC) of event time.
-- Counts every user_id, crawlers included, as dau.sql does, so the three actives agree.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
SELECT date_trunc('week', date(from_iso8601_timestamp(created_at))) AS week,
       count(distinct user_id) AS users
FROM clickstream.events
WHERE substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
  AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
GROUP BY 1 ORDER BY 1;
