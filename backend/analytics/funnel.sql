-- The shop funnel within a session: Product Viewed → Product Added → Checkout Started →
-- Order Completed. A session reaches a step when the step's event follows (at or after) the
-- time it reached the previous step; conversion from the previous step and from the first,
-- and the average time between the two steps. Crawlers excluded.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
WITH steps AS (
  SELECT anonymous_id, session_id, event, from_iso8601_timestamp(created_at) AS event_time
  FROM clickstream.events
  WHERE type = 'track' AND NOT is_bot AND session_id IS NOT NULL AND anonymous_id IS NOT NULL
    AND event IN ('Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed')
    AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
    AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
),
viewed AS (
  SELECT anonymous_id, session_id, min(event_time) AS event_time
  FROM steps WHERE event = 'Product Viewed'
  GROUP BY anonymous_id, session_id
),
added AS (
  SELECT p.anonymous_id, p.session_id, min(s.event_time) AS event_time, date_diff('millisecond', p.event_time, min(s.event_time)) AS ms
  FROM viewed p JOIN steps s ON s.anonymous_id = p.anonymous_id AND s.session_id = p.session_id
  WHERE s.event = 'Product Added' AND s.event_time >= p.event_time
  GROUP BY p.anonymous_id, p.session_id, p.event_time
),
checkout AS (
  SELECT p.anonymous_id, p.session_id, min(s.event_time) AS event_time, date_diff('millisecond', p.event_time, min(s.event_time)) AS ms
  FROM added p JOIN steps s ON s.anonymous_id = p.anonymous_id AND s.session_id = p.session_id
  WHERE s.event = 'Checkout Started' AND s.event_time >= p.event_time
  GROUP BY p.anonymous_id, p.session_id, p.event_time
),
ordered AS (
  SELECT p.anonymous_id, p.session_id, min(s.event_time) AS event_time, date_diff('millisecond', p.event_time, min(s.event_time)) AS ms
  FROM checkout p JOIN steps s ON s.anonymous_id = p.anonymous_id AND s.session_id = p.session_id
  WHERE s.event = 'Order Completed' AND s.event_time >= p.event_time
  GROUP BY p.anonymous_id, p.session_id, p.event_time
),
counts AS (
  SELECT 1 AS step, 'Product Viewed' AS event, count(*) AS sessions, CAST(NULL AS DOUBLE) AS avg_ms FROM viewed
  UNION ALL SELECT 2, 'Product Added', count(*), avg(ms) FROM added
  UNION ALL SELECT 3, 'Checkout Started', count(*), avg(ms) FROM checkout
  UNION ALL SELECT 4, 'Order Completed', count(*), avg(ms) FROM ordered
)
SELECT step,
       event,
       sessions,
       CAST(sessions AS DOUBLE) / nullif(coalesce(lag(sessions) OVER (ORDER BY step), sessions), 0) AS conversion_from_previous,
       CAST(sessions AS DOUBLE) / nullif(first_value(sessions) OVER (ORDER BY step), 0) AS conversion_from_start,
       avg_ms / 1000e0 AS avg_seconds_from_previous
FROM counts
ORDER BY step;
