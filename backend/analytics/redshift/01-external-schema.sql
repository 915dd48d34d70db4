-- Run once per Redshift namespace (Query Editor v2, or the Data API; see docs/deploy.md).
-- Maps the lake's Glue database as an external schema (Redshift Spectrum) and creates the
-- deduplicated table the loads fill. IAM_ROLE default is the Spectrum role the stack attaches
-- (stack output RedshiftSpectrumRoleArn): read-only on the lake's events/ prefix.
CREATE EXTERNAL SCHEMA IF NOT EXISTS clickstream_lake
FROM DATA CATALOG DATABASE 'clickstream'
IAM_ROLE default;

CREATE SCHEMA IF NOT EXISTS clickstream;

-- Shaped by the lake table itself, so the column list never drifts from the event contract.
-- One row per message_id; sorted by event time for the DAU and retention scans.
CREATE TABLE clickstream.events
  DISTKEY (user_id)
  SORTKEY (created_at)
AS SELECT * FROM clickstream_lake.events_raw WHERE 1 = 0;
