import type { Node } from 'constructs';
import type { ClickstreamPipelineProps } from './clickstream-pipeline';
import type { SiteProps } from './ingest';

/** Context keys (`cdk.json` or `-c key=value`) and what they configure. */
export const CONTEXT_KEYS = {
  sites: 'clickstream:sites',
  openSearch: 'clickstream:openSearch',
  redshift: 'clickstream:redshift',
  quickSight: 'clickstream:quickSight',
  quickSightOwnerArn: 'clickstream:quickSightOwnerArn',
  alarmEmail: 'clickstream:alarmEmail',
  lakeRetentionDays: 'clickstream:lakeRetentionDays',
  openSearchInstanceType: 'clickstream:openSearchInstanceType',
  openSearchDataNodes: 'clickstream:openSearchDataNodes',
  openSearchVolumeGiB: 'clickstream:openSearchVolumeGiB',
  throttleRate: 'clickstream:throttleRate',
  ratePerIpPer5Min: 'clickstream:ratePerIpPer5Min',
  processorReservedConcurrency: 'clickstream:processorReservedConcurrency',
} as const;

/**
 * Pipeline props from CDK context, validated once with errors that name the key. Values from
 * `-c` arrive as strings, values from `cdk.json` typed; both are accepted.
 *
 * @param node - the app's node
 * @returns props for `ClickstreamPipeline`
 * @throws {Error} naming the context key when a value is missing or malformed
 * @example new ClickstreamStack(app, 'Clickstream', { pipeline: pipelinePropsFromContext(app.node) })
 */
export function pipelinePropsFromContext(node: Node): ClickstreamPipelineProps {
  const raw = (key: string): unknown => node.tryGetContext(key);
  const sites = parseSites(raw(CONTEXT_KEYS.sites));
  const quickSight = bool(raw(CONTEXT_KEYS.quickSight), CONTEXT_KEYS.quickSight, false);
  const ownerArn = raw(CONTEXT_KEYS.quickSightOwnerArn);
  if (quickSight && typeof ownerArn !== 'string') {
    throw new Error(
      `${CONTEXT_KEYS.quickSight} needs ${CONTEXT_KEYS.quickSightOwnerArn} (a QuickSight user or group ARN)`,
    );
  }
  const openSearch = bool(raw(CONTEXT_KEYS.openSearch), CONTEXT_KEYS.openSearch, true);
  const alarmEmail = raw(CONTEXT_KEYS.alarmEmail);
  const lakeRetentionDays = int(
    raw(CONTEXT_KEYS.lakeRetentionDays),
    CONTEXT_KEYS.lakeRetentionDays,
  );
  const instanceType = raw(CONTEXT_KEYS.openSearchInstanceType);
  const dataNodes = int(raw(CONTEXT_KEYS.openSearchDataNodes), CONTEXT_KEYS.openSearchDataNodes);
  const volume = int(raw(CONTEXT_KEYS.openSearchVolumeGiB), CONTEXT_KEYS.openSearchVolumeGiB);
  const throttleRate = int(raw(CONTEXT_KEYS.throttleRate), CONTEXT_KEYS.throttleRate);
  const ratePerIp = int(raw(CONTEXT_KEYS.ratePerIpPer5Min), CONTEXT_KEYS.ratePerIpPer5Min);
  const reserved = int(
    raw(CONTEXT_KEYS.processorReservedConcurrency),
    CONTEXT_KEYS.processorReservedConcurrency,
  );
  return {
    sites,
    search: openSearch
      ? {
          ...(typeof instanceType === 'string' ? { instanceType } : {}),
          ...(dataNodes === undefined ? {} : { dataNodes }),
          ...(volume === undefined ? {} : { volumeSizeGiB: volume }),
        }
      : false,
    warehouse: bool(raw(CONTEXT_KEYS.redshift), CONTEXT_KEYS.redshift, true) ? {} : false,
    ...(quickSight ? { quickSight: { ownerArn: ownerArn as string } } : {}),
    ...(typeof alarmEmail === 'string' && alarmEmail ? { alarmEmail } : {}),
    ...(lakeRetentionDays === undefined ? {} : { lake: { retentionDays: lakeRetentionDays } }),
    edge: {
      ...(throttleRate === undefined ? {} : { throttleRate, throttleBurst: 2 * throttleRate }),
      ...(ratePerIp === undefined ? {} : { ratePerIpPer5Min: ratePerIp }),
    },
    ...(reserved === undefined ? {} : { stream: { reservedConcurrency: reserved || undefined } }),
  };
}

function parseSites(value: unknown): SiteProps[] {
  const parsed = typeof value === 'string' ? safeJson(value, CONTEXT_KEYS.sites) : value;
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new Error(
      `${CONTEXT_KEYS.sites} must be a non-empty JSON array of {"writeKey","allowedOrigins"}`,
    );
  }
  return parsed.map((site: unknown, i) => {
    const s = site as Partial<SiteProps> | null;
    if (
      typeof s?.writeKey !== 'string' ||
      !s.writeKey ||
      !Array.isArray(s.allowedOrigins) ||
      s.allowedOrigins.length === 0 ||
      !s.allowedOrigins.every((o) => typeof o === 'string')
    ) {
      throw new Error(
        `${CONTEXT_KEYS.sites}[${i}] needs a writeKey string and a non-empty allowedOrigins array`,
      );
    }
    return { writeKey: s.writeKey, allowedOrigins: [...s.allowedOrigins] };
  });
}

function safeJson(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${key} is not valid JSON: ${(error as Error).message}`);
  }
}

function bool(value: unknown, key: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`${key} must be true or false, got ${JSON.stringify(value)}`);
}

function int(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw new Error(`${key} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return n;
}
