import { lazy, Suspense, useEffect } from 'react';
import { useUi } from '../stores/use-ui';
import { PaneBoundary } from './PaneBoundary';

// The reader (with DOMPurify, whose set-up costs tens of milliseconds) is its own
// chunk: the first rows do not wait for it. It is fetched once the app is idle.
const loadReader = () => import('./Reader');
const Reader = lazy(async () => ({ default: (await loadReader()).Reader }));

export function ReaderPane() {
  const openId = useUi((state) => state.openId);
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 500));
    idle(() => void loadReader());
  }, []);
  if (openId === null) {
    return (
      <section className="reader empty-state" aria-label="Reader">
        Select a message to read it.
      </section>
    );
  }
  // Opening another message renders the reader again after an error.
  return (
    <PaneBoundary label="The message" className="reader" resetKey={openId}>
      <Suspense fallback={<section className="reader empty-state" aria-label="Reader">Opening…</section>}>
        <Reader />
      </Suspense>
    </PaneBoundary>
  );
}
