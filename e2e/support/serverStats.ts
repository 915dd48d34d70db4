import { e2eRuntime } from './e2eRuntime';

/** The ingest's counters from `GET /v1/stats` (backend/local/server/IngestCounters.ts). */
export interface ServerStats {
  readonly requests: number;
  readonly received: number;
  /** Accepted events whose `messageId` the server had already seen: the raw duplicates. */
  readonly duplicateMessageIds: number;
  readonly [name: string]: unknown;
}

/** @returns the runtime's counters now (they are global: other tests add to them too) */
export const serverStats = async (): Promise<ServerStats> => {
  const response = await fetch(`${e2eRuntime.url}/v1/stats`);
  if (!response.ok) throw new Error(`GET /v1/stats answered ${response.status}`);
  return (await response.json()) as ServerStats;
};
