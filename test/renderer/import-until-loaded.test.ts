// importUntilLoaded on its own: the entry's import of the React app, tried again after a growing
// wait or at once (Retry) until it loads. The loads are functions that fail on cue, as an import
// from a hub that is down fails; the waits run on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { importUntilLoaded, retryDelay } from '../../renderer/src/chunks/import-until-loaded';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A chunk that cannot be fetched while `reachable` is false, and how many times it was asked for. */
function chunk() {
  const state = { reachable: false, loads: 0 };
  const load = async () => {
    state.loads += 1;
    if (!state.reachable) throw new TypeError('Failed to fetch dynamically imported module');
    return { mountApp: 'loaded' };
  };
  return { state, load };
}

describe('importUntilLoaded', () => {
  it('waits 1 s, 2 s, 4 s… up to 30 s between tries', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('tries again after each wait, telling each failure, and resolves once the chunk loads', async () => {
    const { state, load } = chunk();
    const failures: unknown[] = [];
    const loaded = importUntilLoaded(load, (error) => failures.push(error));
    await vi.advanceTimersByTimeAsync(0);
    expect(state.loads).toBe(1);
    expect(failures).toEqual([expect.any(TypeError)]);
    await vi.advanceTimersByTimeAsync(999);
    expect(state.loads).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.loads).toBe(2);
    state.reachable = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(state.loads).toBe(3);
    await expect(loaded).resolves.toEqual({ mountApp: 'loaded' });
    expect(failures).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.loads).toBe(3);
  });

  it('tries at once on Retry, instead of at the end of the wait', async () => {
    const { state, load } = chunk();
    let retryNow: () => void = () => undefined;
    const loaded = importUntilLoaded(load, (_error, retry) => (retryNow = retry));
    await vi.advanceTimersByTimeAsync(0);
    state.reachable = true;
    retryNow();
    retryNow(); // pressed twice while the try is on its way: one try
    await vi.advanceTimersByTimeAsync(0);
    await expect(loaded).resolves.toEqual({ mountApp: 'loaded' });
    expect(state.loads).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(state.loads).toBe(2);
  });
});
