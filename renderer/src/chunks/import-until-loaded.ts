// The entry's import of the React app (main.ts), tried again until it loads. In a browser the
// chunk comes from the hub: a hub down between the page and its chunk (a restart) left the page
// with an error and a reload to do by hand, which while the hub is still down only shows the
// browser's own error page. No React here: this runs before React has loaded.

/** The wait before the next try after `failures` failed ones: 1 s, 2 s, 4 s… then every 30 s. */
export function retryDelay(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Resolves with what `load` imports once it has: after each failure `onFailed` is told, with a
 * function that tries again at once (a Retry button), and the next try comes after `delay`.
 */
export function importUntilLoaded<T>(
  load: () => Promise<T>,
  onFailed: (error: unknown, retryNow: () => void) => void,
  delay: (failures: number) => number = retryDelay,
): Promise<T> {
  return new Promise<T>((resolve) => {
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let trying = false;
    const attempt = (): void => {
      clearTimeout(timer);
      if (trying) return; // a Retry pressed while a try is on its way waits for it
      trying = true;
      load().then(resolve, (error: unknown) => {
        trying = false;
        failures += 1;
        timer = setTimeout(attempt, delay(failures));
        onFailed(error, attempt);
      });
    };
    attempt();
  });
}
