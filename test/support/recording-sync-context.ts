// A sync context for tests that drive the sync modules directly: on a test store, with small
// chunks (first chunk 20, batches of 50, chunks of 200, the second connection from 100
// messages), recording what it publishes and the warnings it logs into the arrays given.
import type { HubEvent } from '../../shared/protocol';
import { createLogger } from '../../electron/hub/logger';
import type { Store } from '../../electron/hub/store/open-store';
import type { SyncContext } from '../../electron/hub/sync/sync-context';

export function recordingSyncContext(store: Store, events: HubEvent[], warnings: string[]): SyncContext {
  return {
    accountId: 'a1',
    store,
    publish: (event) => events.push(event),
    logger: createLogger((level, message) => {
      if (level === 'warn') warnings.push(message);
    }),
    chunkSize: 200,
    firstChunkSize: 20,
    batchSize: 50,
    bulkMinMessages: 100,
  };
}
