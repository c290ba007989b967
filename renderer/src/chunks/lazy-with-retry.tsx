// A part of the window in a chunk of its own, loaded on first use like React.lazy, but loaded
// again after a failed load. React.lazy keeps what its first load settled with for the life of
// the page, a failure included: in a browser the chunk comes from the hub, and a reader first
// opened while the hub was down stayed broken, long after the hub was back, until a reload.
import { lazy, Suspense, useEffect, useState, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';

export interface LazyWithRetryProps {
  /** Shown while the chunk loads. */
  loading: ReactNode;
  /** Shown when the chunk could not be loaded; `retry` loads it again. */
  failed: (retry: () => void) => ReactNode;
  /**
   * A change loads a chunk that failed again, by itself (e.g. the count of the hub socket's
   * opens: the hub is back). A primitive: a new object every render would retry every render.
   */
  retryKey?: string | number;
}

/** The component: renders the part once its chunk is loaded. */
export type LazyWithRetry = ((props: LazyWithRetryProps) => ReactNode) & {
  /** Loads the chunk ahead of its first use (e.g. once the page is idle). */
  preload(): void;
};

interface ShownProps {
  /** What an attempt whose load failed shows. */
  failed: ReactNode;
}

/** One load of the chunk, as React.lazy sees it: it never fails, a failure resolves to the `failed` view. */
interface Attempt {
  Shown: LazyExoticComponent<ComponentType<ShownProps>>;
  /** Set once the load has failed: a retry then needs a new attempt (React.lazy would not load again). */
  failed: boolean;
}

/** A prop-less component loaded by `load` (the parts loaded this way read what they show from the stores). */
export function lazyWithRetry(load: () => Promise<ComponentType>): LazyWithRetry {
  let loading: Promise<ComponentType> | null = null;
  // One load at a time, shared by the preload and the first render. A failed one is forgotten, so
  // that the next attempt imports again; the browser then fetches the chunk again (HTML keeps no
  // failed fetch in the module map since whatwg/html#10327; Debian's Chromium does so, see
  // test/e2e/reader-chunk-offline.test.ts).
  const loadShared = (): Promise<ComponentType> => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };

  const attempt = (): Attempt => {
    const made: Attempt = {
      failed: false,
      Shown: lazy(async (): Promise<{ default: ComponentType<ShownProps> }> => {
        try {
          const Loaded = await loadShared();
          return { default: () => <Loaded /> };
        } catch (error) {
          console.warn('could not load a part of the window:', error instanceof Error ? error.message : String(error));
          made.failed = true;
          return { default: ({ failed }: ShownProps) => failed };
        }
      }),
    };
    return made;
  };

  // Shared by every mount: once the chunk is loaded, the part shown again renders at once.
  let current = attempt();
  /** The attempt that follows `failed`: a new one, unless another mount has made it already. */
  const after = (failed: Attempt): Attempt => {
    if (current === failed) current = attempt();
    return current;
  };

  function LazyPart({ loading: loadingView, failed, retryKey }: LazyWithRetryProps) {
    // A part shown again after it could not be loaded (the user opened it again) loads again.
    const [shown, setShown] = useState(() => (current.failed ? after(current) : current));
    const retry = (): void => {
      if (shown.failed) setShown(after(shown));
    };
    useEffect(() => {
      if (shown.failed) setShown(after(shown));
      // Only a change of the key retries, not one of `shown`: a retry that fails again (the hub
      // still down) waits for the next change instead of looping.
    }, [retryKey]);
    return (
      <Suspense fallback={loadingView}>
        <shown.Shown failed={failed(retry)} />
      </Suspense>
    );
  }
  // A failed preload is left for the first use to show: that use loads the chunk again.
  return Object.assign(LazyPart, { preload: () => void loadShared().catch(() => undefined) });
}
