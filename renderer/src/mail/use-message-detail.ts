// The open message's body and attachments, fetched when it opens.
import { useEffect, useState } from 'react';
import type { MessageDetailResponse } from '../../../shared/api';
import type { ErrorInfo } from '../../../shared/model';
import type { ApiClient } from '../api/api-client';
import { errorInfo } from './mail-commands';

export type DetailState = { status: 'loading' } | { status: 'loaded'; detail: MessageDetailResponse } | { status: 'failed'; error: ErrorInfo };

export function useMessageDetail(api: ApiClient | null, id: string | null, attempt: number): DetailState | null {
  const [state, setState] = useState<{ id: string; value: DetailState } | null>(null);
  useEffect(() => {
    if (!api || !id) return undefined;
    let live = true;
    setState({ id, value: { status: 'loading' } });
    api.getMessage(id).then(
      (detail) => live && setState({ id, value: { status: 'loaded', detail } }),
      (error: unknown) => live && setState({ id, value: { status: 'failed', error: errorInfo(error) } }),
    );
    return () => {
      live = false;
    };
  }, [api, id, attempt]);
  if (!id) return null;
  return state?.id === id ? state.value : { status: 'loading' };
}
