-- Checkout funnel per UTC day of the first page view: users who viewed a page, then a
-- product, then added one to the cart, then completed an order (Segment e-commerce event
-- names), each step at or after the previous one. For the QuickSight "Funnels" data set;
-- written in the SQL subset Athena (Trino) and DuckDB share, like ../dau.sql.
WITH firsts AS (
  SELECT user_id,
         min(CASE WHEN type = 'page' THEN created_at END) AS viewed_page,
         min(CASE WHEN event = 'Product Viewed' THEN created_at END) AS viewed_product,
         min(CASE WHEN event = 'Product Added' THEN created_at END) AS added_product,
         min(CASE WHEN event = 'Order Completed' THEN created_at END) AS completed_order
  FROM clickstream.events
  GROUP BY user_id
),
ordered AS (
  SELECT user_id, viewed_page,
         CASE WHEN viewed_product >= viewed_page THEN viewed_product END AS viewed_product,
         added_product, completed_order
  FROM firsts
  WHERE viewed_page IS NOT NULL
),
ordered_cart AS (
  SELECT user_id, viewed_page, viewed_product,
         CASE WHEN added_product >= viewed_product THEN added_product END AS added_product,
         completed_order
  FROM ordered
)
SELECT date(from_iso8601_timestamp(viewed_page)) AS day,
       count(viewed_page) AS viewed_page,
       count(viewed_product) AS viewed_product,
       count(added_product) AS added_product,
       count(CASE WHEN completed_order >= added_product THEN completed_order END) AS completed_order
FROM ordered_cart
GROUP BY 1 ORDER BY 1 DESC;
