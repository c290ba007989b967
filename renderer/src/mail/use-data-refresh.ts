// Fetches what the views show when the API is known and again after every
// (re)open of the socket, so events missed while disconnected are not lost.
import { useEffect } from 'react';
import type { ApiClient } from '../api/api-client';
import { useHubState } from '../stores/hub-store';
import { refreshAll } from './mail-commands';

export function useDataRefresh(api: ApiClient | null): void {
  const openCount = useHubState((state) => state.openCount);
  useEffect(() => {
    if (api) void refreshAll(api);
  }, [api, openCount]);
}
