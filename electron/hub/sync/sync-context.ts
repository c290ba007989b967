import type { HubEvent } from '../../../shared/protocol';
import type { Logger } from '../logger';
import type { Store } from '../store/open-store';

/** What a sync step needs from the hub around it. */
export interface SyncContext {
  accountId: string;
  store: Store;
  publish(event: HubEvent): void;
  logger: Logger;
  /** Messages per FETCH during the first sync (the first chunk is smaller so the newest show at once). */
  chunkSize: number;
  firstChunkSize: number;
  /** Messages stored per transaction (and per progress event) while a chunk streams in. */
  batchSize: number;
  /** From this many messages after the first chunk, a first sync fetches them over a second connection. */
  bulkMinMessages: number;
  /** Below this NOOP round trip a first sync takes its newest chunk over the second connection too (default NEAR_SERVER_RTT_MS). */
  nearServerRttMs?: number;
}
