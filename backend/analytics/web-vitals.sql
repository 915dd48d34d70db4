-- Web Vitals p75 per page and metric, rated against web.dev's thresholds: good up to the
-- first, poor above the second, needs-improvement between. One `Web Vitals` track event per
-- page view (the SDK's web-vitals plugin) carries LCP, FCP, TTFB, INP (ms) and CLS.
-- p75 by nearest rank (the smallest value with at least 75% of samples at or below it):
-- exact and the same in Trino and DuckDB, unlike approx_percentile.
-- Crawlers excluded.
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
-- @see https://web.dev/articles/vitals#core-web-vitals
WITH vitals AS (
  SELECT page_path, properties
  FROM clickstream.events
  WHERE type = 'track' AND event = 'Web Vitals' AND NOT is_bot AND page_path IS NOT NULL
    AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
    AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
),
thresholds (metric, good, poor) AS (
  VALUES ('LCP', 2500e0, 4000e0), ('INP', 200e0, 500e0), ('CLS', 0.1e0, 0.25e0),
         ('FCP', 1800e0, 3000e0), ('TTFB', 800e0, 1800e0)
),
samples AS (
  SELECT v.page_path, t.metric,
         CAST(CASE t.metric
                WHEN 'LCP' THEN json_extract_scalar(v.properties, '$.LCP')
                WHEN 'INP' THEN json_extract_scalar(v.properties, '$.INP')
                WHEN 'CLS' THEN json_extract_scalar(v.properties, '$.CLS')
                WHEN 'FCP' THEN json_extract_scalar(v.properties, '$.FCP')
                WHEN 'TTFB' THEN json_extract_scalar(v.properties, '$.TTFB')
              END AS DOUBLE) AS value
  FROM vitals v CROSS JOIN thresholds t
),
ranked AS (
  SELECT page_path, metric, value,
         row_number() OVER (PARTITION BY page_path, metric ORDER BY value) AS n,
         count(*) OVER (PARTITION BY page_path, metric) AS samples
  FROM samples
  WHERE value IS NOT NULL
),
p75 AS (
  SELECT page_path, metric, max(samples) AS samples, min(value) AS p75
  FROM ranked
  WHERE n >= 0.75e0 * samples
  GROUP BY page_path, metric
)
SELECT p.page_path, p.metric, p.samples, p.p75,
       CASE WHEN p.p75 <= t.good THEN 'good'
            WHEN p.p75 <= t.poor THEN 'needs-improvement'
            ELSE 'poor' END AS rating
FROM p75 p JOIN thresholds t ON t.metric = p.metric
ORDER BY p.page_path, p.metric;
