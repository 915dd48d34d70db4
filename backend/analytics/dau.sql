-- Daily active users: distinct users per UTC day of event time (skew-corrected created_at).
-- Runs verbatim in Athena (Trino) and locally through `npm run query` (DuckDB).
SELECT date(from_iso8601_timestamp(created_at)) AS day,
       count(distinct user_id) AS dau
FROM clickstream.events
GROUP BY 1 ORDER BY 1 DESC;
