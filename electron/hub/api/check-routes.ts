// POST /api/accounts/:id/check: "Check mail now" (the offline banner's "Retry now", the
// tray's item): a connected account checks every mailbox at once instead of at its next
// poll; one waiting out its reconnect backoff (or a refused login waiting for the user)
// connects again now.
import type { ApiRoute } from '../server/api-router';
import { HttpError } from '../server/http-json';
import type { Store } from '../store/open-store';
import type { SyncManager } from '../sync/sync-manager';

export function checkRoutes(store: Store, sync: Pick<SyncManager, 'get'>): ApiRoute[] {
  return [
    {
      method: 'POST',
      pattern: '/api/accounts/:id/check',
      handle(request) {
        const id = request.params.id as string;
        if (!store.reads.getAccount(id)) throw new HttpError(404, 'not_found', 'No such account');
        // An account without a running loop (its password not in the vault) has nothing to check.
        const loop = sync.get(id);
        if (!loop) throw new HttpError(409, 'not_syncing', 'The account does not sync: its password is needed');
        loop.checkNow();
        return { status: 202, body: {} };
      },
    },
  ];
}
