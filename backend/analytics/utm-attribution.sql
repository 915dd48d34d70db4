-- Orders and revenue by the campaign (UTM) of the session they were placed in: the first
-- event of the session that carries UTM parameters (the SDK sends them with the landing page
-- only); '(none)' for sessions without a campaign. Revenue per currency, exact (DECIMAL).
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
WITH scoped AS (
  SELECT anonymous_id, session_id, type, event, created_at, message_id, properties,
         utm_source, utm_medium, utm_campaign
  FROM clickstream.events
  WHERE substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
    AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
),
touches AS (
  SELECT anonymous_id, session_id, utm_source, utm_medium, utm_campaign,
         row_number() OVER (PARTITION BY anonymous_id, session_id
                            ORDER BY created_at, message_id) AS n
  FROM scoped
  WHERE utm_source IS NOT NULL
),
orders AS (
  SELECT anonymous_id, session_id,
         json_extract_scalar(properties, '$.currency') AS currency,
         CAST(json_extract_scalar(properties, '$.revenue') AS DECIMAL(18, 2)) AS revenue
  FROM scoped
  WHERE type = 'track' AND event = 'Order Completed'
)
SELECT coalesce(t.utm_source, '(none)') AS utm_source,
       coalesce(t.utm_medium, '(none)') AS utm_medium,
       coalesce(t.utm_campaign, '(none)') AS utm_campaign,
       o.currency AS currency,
       count(*) AS orders,
       sum(o.revenue) AS revenue
FROM orders o
LEFT JOIN touches t
  ON t.anonymous_id = o.anonymous_id AND t.session_id = o.session_id AND t.n = 1
GROUP BY 1, 2, 3, 4
ORDER BY orders DESC, utm_source, utm_medium, utm_campaign, currency;
