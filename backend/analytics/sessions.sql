-- Sessions per UTC day of their first event: count, average length (first to last event,
-- seconds) and bounce rate (share of sessions with a single page view). Crawlers excluded.
-- A session is (anonymous_id, session_id): session ids are only unique per browser, and
-- user_id changes when a visitor logs in mid-session.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
WITH scoped AS (
  SELECT anonymous_id, session_id, type, from_iso8601_timestamp(created_at) AS event_time
  FROM clickstream.events
  WHERE NOT is_bot AND session_id IS NOT NULL AND anonymous_id IS NOT NULL
    AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
    AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
),
visits AS (
  SELECT anonymous_id, session_id,
         min(event_time) AS started,
         date_diff('millisecond', min(event_time), max(event_time)) AS length_ms,
         count_if(type = 'page') AS page_views
  FROM scoped
  GROUP BY anonymous_id, session_id
)
SELECT date(started) AS day,
       count(*) AS sessions,
       avg(length_ms) / 1000e0 AS avg_session_seconds,
       CAST(count_if(page_views = 1) AS DOUBLE) / count(*) AS bounce_rate
FROM visits
GROUP BY 1 ORDER BY 1;
