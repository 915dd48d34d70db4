-- Loads one hour of the lake into clickstream.events without duplicates. Idempotent: loading
-- the same hour twice changes nothing. Fill the placeholders with envsubst (docs/deploy.md):
-- lake_bucket (stack output LakeBucketName) and year, month, day, hour (zero-padded, UTC).

-- Spectrum cannot use Athena's partition projection: register the hour first. The path is
-- the lake's partition template (LAKE_PARTITION_TEMPLATE in @clickstream/contract).
ALTER TABLE clickstream_lake.events_raw ADD IF NOT EXISTS
PARTITION (year = '${year}', month = '${month}', day = '${day}', hour = '${hour}')
LOCATION 's3://${lake_bucket}/events/year=${year}/month=${month}/day=${day}/hour=${hour}/';

BEGIN;
-- Serializes loads: two concurrent MERGEs could both insert the same message_id
-- (awslabs/clickstream-analytics-on-aws #412).
LOCK clickstream.events;

-- A record Firehose or a processor retry delivered twice is the same row twice.
CREATE TEMP TABLE staged AS
SELECT DISTINCT *
FROM clickstream_lake.events_raw
WHERE year = '${year}' AND month = '${month}' AND day = '${day}' AND hour = '${hour}';

-- Replaces rows of message_ids already loaded and inserts the new ones.
MERGE INTO clickstream.events
USING staged
ON clickstream.events.message_id = staged.message_id
REMOVE DUPLICATES;

-- A client retry can carry the same message_id with a later receive time (even another hour):
-- keep the first receipt, as the local lake's view does.
DELETE FROM clickstream.events
USING (
  SELECT message_id, MIN(received_at) AS first_received_at
  FROM clickstream.events
  WHERE message_id IN (SELECT message_id FROM staged)
  GROUP BY message_id
  HAVING COUNT(*) > 1
) AS repeated
WHERE clickstream.events.message_id = repeated.message_id
  AND clickstream.events.received_at > repeated.first_received_at;

COMMIT;
