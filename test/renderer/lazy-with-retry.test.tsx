// @vitest-environment jsdom
// lazyWithRetry on its own: a part whose chunk could not be loaded says so with a Retry, and is
// loaded again on Retry or when its retry key changes (React.lazy would keep the failure until a
// reload). The loads are functions that fail on cue, as an import from a hub that is down fails.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyWithRetry, type LazyWithRetry } from '../../renderer/src/chunks/lazy-with-retry';

function Part() {
  return <p data-testid="part">The part</p>;
}

/** A chunk that cannot be fetched while `reachable` is false, and how many times it was asked for. */
function chunk() {
  const state = { reachable: false, loads: 0 };
  const load = async () => {
    state.loads += 1;
    if (!state.reachable) throw new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:1/assets/Part.js');
    return Part;
  };
  return { state, load };
}

function Shown({ Lazy, retryKey }: { Lazy: LazyWithRetry; retryKey?: number }) {
  return (
    <Lazy
      retryKey={retryKey}
      loading={<p data-testid="loading">Opening…</p>}
      failed={(retry) => (
        <p data-testid="failed">
          Could not load the part.{' '}
          <button type="button" onClick={retry}>
            Retry
          </button>
        </p>
      )}
    />
  );
}

/** What shows once a load has settled (while one is on its way, React keeps what was shown, hidden, beside `loading`). */
async function settled(): Promise<'failed' | 'part'> {
  await waitFor(() => expect(screen.queryByTestId('loading')).toBeNull());
  return screen.queryByTestId('part') ? 'part' : 'failed';
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('lazyWithRetry', () => {
  it('says a first load failed, with a Retry that fails again while the chunk is unreachable and loads it once it is', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { state, load } = chunk();
    const Lazy = lazyWithRetry(load);
    render(<Shown Lazy={Lazy} />);
    expect(screen.getByTestId('loading')).toBeTruthy();
    await screen.findByTestId('failed');
    expect(state.loads).toBe(1);

    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await settled()).toBe('failed');
    expect(state.loads).toBe(2);

    state.reachable = true;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByTestId('part');
    expect(screen.queryByTestId('failed')).toBeNull();
    expect(state.loads).toBe(3);
    expect(console.warn).toHaveBeenCalledWith('could not load a part of the window:', expect.stringContaining('Failed to fetch dynamically imported module'));
  });

  it('loads a failed chunk again by itself when the retry key changes, and only then', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { state, load } = chunk();
    const Lazy = lazyWithRetry(load);
    const { rerender } = render(<Shown Lazy={Lazy} retryKey={1} />);
    await screen.findByTestId('failed');
    rerender(<Shown Lazy={Lazy} retryKey={1} />);
    await act(async () => {});
    expect(state.loads).toBe(1);

    // The key changes while the chunk is still unreachable: one more try, no loop.
    rerender(<Shown Lazy={Lazy} retryKey={2} />);
    expect(await settled()).toBe('failed');
    await act(async () => {});
    expect(state.loads).toBe(2);

    state.reachable = true;
    rerender(<Shown Lazy={Lazy} retryKey={3} />);
    await screen.findByTestId('part');
    expect(state.loads).toBe(3);
  });

  it('shares one load between the preload and every use, and loads again on a new use after a failure', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { state, load } = chunk();
    const Lazy = lazyWithRetry(load);
    Lazy.preload(); // fails: left for the first use, which loads again
    await act(async () => {});
    expect(state.loads).toBe(1);
    const first = render(<Shown Lazy={Lazy} />);
    await screen.findByTestId('failed');
    expect(state.loads).toBe(2);
    first.unmount();

    state.reachable = true;
    const again = render(<Shown Lazy={Lazy} />);
    await screen.findByTestId('part');
    expect(state.loads).toBe(3);
    again.unmount();

    // Loaded: shown at once from now on, with no other load.
    Lazy.preload();
    render(<Shown Lazy={Lazy} />);
    await screen.findByTestId('part');
    expect(state.loads).toBe(3);
  });
});
