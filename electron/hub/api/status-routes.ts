import type { StatusResponse } from '../../../shared/api';
import type { HubReadyPayload } from '../../../shared/protocol';
import type { ApiRoute } from '../server/api-router';

/** GET /api/status: the same facts a socket receives in hub.ready. */
export function statusRoutes(hubInfo: () => HubReadyPayload): ApiRoute[] {
  return [
    {
      method: 'GET',
      pattern: '/api/status',
      handle: () => ({ body: hubInfo() satisfies StatusResponse }),
    },
  ];
}
