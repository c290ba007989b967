// How work grows with input, without a wall-clock limit that a loaded machine
// breaks: the time for 16n over the time for n, each the best of a few runs.
// Linear work gives about 16 (up to ~40 with garbage collection on the large
// input); quadratic about 256. Tests assert under GROWTH_LIMIT.

/** Well above linear (with GC noise), well below quadratic. */
export const GROWTH_LIMIT = 80;

/**
 * A measurement is taken again, up to this many times, while it is over GROWTH_LIMIT: on a
 * loaded machine one pause in the large runs (or a fast small run) gave 80-odd for linear work,
 * while quadratic work measures about 256 every time, so it still fails.
 */
const ATTEMPTS = 3;

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** time(make(16n)) / time(make(n)), the lowest of up to ATTEMPTS measurements; `make(size)` builds the input, `work(input)` is timed. */
export function growthFactor<T>(n: number, make: (size: number) => T, work: (input: T) => void): number {
  const small = make(n);
  const large = make(16 * n);
  work(small); // warm up the JIT on the code path
  let lowest = Infinity;
  for (let attempt = 0; attempt < ATTEMPTS && lowest >= GROWTH_LIMIT; attempt += 1) {
    const factor = bestOf(3, () => work(large)) / Math.max(bestOf(5, () => work(small)), 0.05);
    lowest = Math.min(lowest, factor);
  }
  return lowest;
}
