// `npm run bench`: prints each figure next to its same-run baseline or target.
// BENCH_ONLY=front-door|sync|actions|renderer runs one group; BENCH_MESSAGES sets the mailbox size.
import { cpus, totalmem } from 'node:os';
import { benchActionReplay } from './action-replay';
import { benchFirstSync } from './first-sync';
import { benchFrontDoor } from './front-door';

const only = process.env.BENCH_ONLY;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`MailMind benchmarks on ${machine}`);

if (!only || only === 'front-door') {
  for (const figure of await benchFrontDoor()) {
    const ratio = figure.hub / figure.baseline;
    console.log(`${figure.name}: hub ${figure.hub.toFixed(2)} ${figure.unit}, bare ws ${figure.baseline.toFixed(2)} ${figure.unit}, ratio ${ratio.toFixed(2)}`);
  }
}

if (!only || only === 'sync') {
  const s = await benchFirstSync();
  const rate = (ms: number): string => `${Math.round(s.count / (ms / 1000))} msg/s`;
  console.log(`first sync of ${s.count} messages, ${s.rounds.length} rounds, each into a new store between two floors (bare imapflow FETCH of the same items):`);
  for (const r of s.rounds) {
    const floorMs = (r.floorBeforeMs + r.floorAfterMs) / 2;
    console.log(
      `  hub into store with FTS ${r.hubMs.toFixed(0)} ms (${rate(r.hubMs)}); floor ${r.floorBeforeMs.toFixed(0)} ms before, ${r.floorAfterMs.toFixed(0)} ms after, mean ${floorMs.toFixed(0)} ms (${rate(floorMs)}): ratio ${(r.hubMs / floorMs).toFixed(2)}; ` +
        `with the floor's connect, login and SELECT on its clock: ${(r.hubMs / r.floorWithLoginMs).toFixed(2)}`,
    );
  }
  console.log(`first sync ratio, median of ${s.rounds.length}: ${s.ratio.toFixed(2)} (target ≤ 1.0); with the floor's login on its clock: ${s.ratioWithLogin.toFixed(2)}`);
  console.log(`newest 50 queryable after account add, median of ${s.rounds.length}: ${s.newest50Ms.toFixed(0)} ms (target ≤ 1000)`);
  console.log(`no-change resync (every mailbox checked after login): ${s.noChangeResyncMs.toFixed(0)} ms (target ≤ 100); connect + login before it: ${s.loginMs.toFixed(0)} ms; a bare client's SELECT INBOX + LIST-STATUS: ${s.bareResyncMs.toFixed(0)} ms, ratio ${(s.noChangeResyncMs / s.bareResyncMs).toFixed(2)}`);
  console.log(
    `push latency (APPEND by another client → email.new at a socket): p95 ${s.pushP95Ms.toFixed(0)} ms, median ${s.pushMedianMs.toFixed(0)} ms (target p95 ≤ 250); ` +
      `bare imapflow IDLE client → 'exists': p95 ${s.barePushP95Ms.toFixed(0)} ms, median ${s.barePushMedianMs.toFixed(0)} ms; p95 ratio ${(s.pushP95Ms / s.barePushP95Ms).toFixed(2)}; ` +
      `bare client → 'exists' and its UID FETCH of the new message's summary (hub stopped): p95 ${s.bareFetchPushP95Ms.toFixed(0)} ms, median ${s.bareFetchPushMedianMs.toFixed(0)} ms, p95 ratio ${(s.pushP95Ms / s.bareFetchPushP95Ms).toFixed(2)}`,
  );
  console.log(`search p95 over ${s.count} messages: ${s.searchP95Ms.toFixed(1)} ms (target ≤ 15)`);
  console.log(`hub peak RSS during first sync, highest of ${s.rounds.length}: ${s.peakRssMb.toFixed(0)} MB (target ≤ 250)`);
}

if (!only || only === 'actions') {
  const a = await benchActionReplay();
  console.log(
    `${a.changes} queued flag changes, reconnect → queue drained: hub ${a.hubDrainMs.toFixed(0)} ms; ` +
      `same changes sent directly with imapflow, one STORE each: ${a.directMs.toFixed(0)} ms, ratio ${(a.hubDrainMs / a.directMs).toFixed(2)} (target ≤ 1.5); ` +
      `grouped by flag (the least a client can send): ${a.groupedMs.toFixed(0)} ms`,
  );
}

if (!only || only === 'renderer') await (await import('./renderer-list')).printRendererBench();
