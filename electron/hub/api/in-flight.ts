// One download of a message at a time. The reader, its inline images and a second window that
// ask at once for the same uncached message each fetched and parsed it (five requests, five
// FETCHes of the whole message): they now share the one in flight. Nothing is kept after it
// ends, a failure included (the cache in the store is what keeps a body).

export interface InFlight<T> {
  /** What `start()` resolves with, started only if no call for `key` is still running. */
  run(key: string, start: () => Promise<T>): Promise<T>;
}

/** Creates an empty table of loads in flight. */
export function createInFlight<T>(): InFlight<T> {
  const running = new Map<string, Promise<T>>();
  return {
    run(key, start) {
      const existing = running.get(key);
      if (existing) return existing;
      const started = start().finally(() => running.delete(key));
      running.set(key, started);
      return started;
    },
  };
}
