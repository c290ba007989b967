// The reconnect delay: exponential from the base, capped, with full jitter in the upper half
// (so that many clients that lost the same server do not come back in step).
import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from '../../../electron/hub/sync/backoff';

const options = { baseMs: 1000, maxMs: 5 * 60_000 };

describe('backoffDelay', () => {
  it('doubles from the base, between half and all of the step', () => {
    for (const [attempt, step] of [[0, 1000], [1, 2000], [2, 4000], [5, 32_000]] as const) {
      expect(backoffDelay(attempt, { ...options, random: () => 0 })).toBe(step / 2);
      expect(backoffDelay(attempt, { ...options, random: () => 0.999999 })).toBeCloseTo(step, -1);
    }
  });

  it('never exceeds the cap, however many attempts (no overflow at large exponents)', () => {
    for (const attempt of [9, 10, 30, 31, 1000, Number.MAX_SAFE_INTEGER]) {
      const delay = backoffDelay(attempt, { ...options, random: () => 0.999999 });
      expect(delay).toBeLessThanOrEqual(options.maxMs);
      expect(delay).toBeGreaterThan(options.maxMs * 0.99);
    }
  });

  it('spreads delays over the upper half of the step with Math.random', () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(3, options));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8000);
    // Spread, not one value: the lowest and highest tenth are both used.
    expect(delays.some((d) => d < 4400)).toBe(true);
    expect(delays.some((d) => d > 7600)).toBe(true);
  });
});

describe('sleep', () => {
  it('resolves early when its signal aborts, and at once when it is aborted already', async () => {
    const controller = new AbortController();
    const began = performance.now();
    const slept = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await slept;
    expect(performance.now() - began).toBeLessThan(1000);
    const again = performance.now();
    await sleep(60_000, controller.signal);
    expect(performance.now() - again).toBeLessThan(50);
  });
});
