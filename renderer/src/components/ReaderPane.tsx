import { lazy, Suspense, useEffect } from 'react';
import { useUi } from '../stores/use-ui';

// The reader (with DOMPurify, whose set-up costs tens of milliseconds) is its own
// chunk: the first rows do not wait for it. It is fetched once the app is idle.
const loadReader = () => import('./Reader');
const Reader = lazy(async () => ({ default: (await loadReader()).Reader }));

export function ReaderPane() {
  const open = useUi((state) => state.openId !== null);
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 500));
    idle(() => void loadReader());
  }, []);
  if (!open) {
    return (
      <section className="reader empty-state" aria-label="Reader">
        Select a message to read it.
      </section>
    );
  }
  return (
    <Suspense fallback={<section className="reader empty-state" aria-label="Reader">Opening…</section>}>
      <Reader />
    </Suspense>
  );
}
