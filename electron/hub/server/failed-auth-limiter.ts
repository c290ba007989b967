// Counts failed token attempts per client in a sliding window. Only failures
// are counted: a request with a valid token is never limited (DESIGN.md).

export interface FailedAuthLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Bounds memory when many distinct clients fail. */
  maxClients?: number;
  now?: () => number;
}

export interface FailedAuthLimiter {
  /** Records one failure; returns true when the client is now over the limit. */
  recordFailure(client: string): boolean;
}

/** Creates a sliding-window limiter of failed authentication attempts. */
export function createFailedAuthLimiter(options: FailedAuthLimiterOptions): FailedAuthLimiter {
  const { maxFailures, windowMs, maxClients = 1024, now = Date.now } = options;
  const failures = new Map<string, number[]>();

  return {
    recordFailure(client) {
      const at = now();
      const recent = (failures.get(client) ?? []).filter((time) => at - time < windowMs);
      recent.push(at);
      // Keep at most one entry beyond the limit: that is all the decision needs.
      if (recent.length > maxFailures + 1) recent.splice(0, recent.length - maxFailures - 1);
      failures.delete(client);
      failures.set(client, recent);
      if (failures.size > maxClients) {
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      return recent.length > maxFailures;
    },
  };
}
