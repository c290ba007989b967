import { useEffect } from 'react';
import { lazyWithRetry } from '../chunks/lazy-with-retry';
import { useHubState } from '../stores/hub-store';
import { useUi } from '../stores/use-ui';
import { PaneBoundary } from './PaneBoundary';

// The reader (with DOMPurify, whose set-up costs tens of milliseconds) is its own
// chunk: the first rows do not wait for it. It is fetched once the app is idle.
const LazyReader = lazyWithRetry(async () => (await import('./Reader')).Reader);

export function ReaderPane() {
  const openId = useUi((state) => state.openId);
  // In a browser the chunk comes from the hub: one that could not be fetched (the hub was down)
  // is fetched again once the socket has opened again, i.e. the hub is back.
  const hubOpens = useHubState((state) => state.openCount);
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 500));
    idle(() => LazyReader.preload());
  }, []);
  if (openId === null) {
    return (
      <section className="reader empty-state" aria-label="Reader">
        Select a message to read it.
      </section>
    );
  }
  // Opening another message renders the reader again after an error, and loads it again
  // when it could not be loaded.
  return (
    <PaneBoundary label="The message" className="reader" resetKey={openId}>
      <LazyReader
        retryKey={`${hubOpens} ${openId}`}
        loading={
          <section className="reader empty-state" aria-label="Reader">
            Opening…
          </section>
        }
        failed={(retry) => (
          <section className="reader pane-error" aria-label="Reader" role="alert" data-testid="reader-load-error">
            <p>Could not load the reader: the app could not reach its mail service. The message will open when the service is back.</p>
            <button type="button" onClick={retry}>
              Retry
            </button>
          </section>
        )}
      />
    </PaneBoundary>
  );
}
