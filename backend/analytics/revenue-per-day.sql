-- Orders and revenue per UTC day of the order and currency, exact (DECIMAL), with the average
-- order value. Every Order Completed event counts once (deduplicated on message_id by the view).
-- Date range: replace the /*:from_day*/ /*:to_day*/ /*:to_received_day*/ literals (docs/analytics.md).
WITH orders AS (
  SELECT date(from_iso8601_timestamp(created_at)) AS day,
         json_extract_scalar(properties, '$.currency') AS currency,
         CAST(json_extract_scalar(properties, '$.revenue') AS DECIMAL(18, 2)) AS revenue
  FROM clickstream.events
  WHERE type = 'track' AND event = 'Order Completed'
    AND substr(created_at, 1, 10) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_day*/
    AND concat(year, '-', month, '-', day) BETWEEN '0000-01-01' /*:from_day*/ AND '9999-12-31' /*:to_received_day*/
)
SELECT day,
       currency,
       count(*) AS orders,
       sum(revenue) AS revenue,
       CAST(sum(revenue) AS DOUBLE) / count(*) AS average_order_value
FROM orders
GROUP BY day, currency
ORDER BY day, currency;
