// Where the parsing thread's script is, and how it is started (summary-thread.ts).
// Built, the script is out/main/summary-worker.js beside the hub's bundle; from
// source (vitest, tsx), it is summary-worker.ts, which the worker loads through
// tsx's loader.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface WorkerScript {
  path: string;
  typescript: boolean;
}

/** The worker's script: built, beside the hub's bundle; from source (tests, tsx), the .ts file. */
export function summaryWorkerScript(): WorkerScript | null {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { path: fileURLToPath(new URL('./summary-worker.ts', here)), typescript: true };
  for (const candidate of ['./summary-worker.js', '../summary-worker.js']) {
    const path = fileURLToPath(new URL(candidate, here));
    if (existsSync(path)) return { path, typescript: false };
  }
  return null;
}

// From source, the worker registers tsx's loader before loading the .ts entry.
const TYPESCRIPT_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** tsx's ESM API ("tsx/esm/api" as an import resolves it; require would give its CommonJS build). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifest), exports['./esm/api']!.import.default)).href;
}

export function spawnSummaryWorker(script: WorkerScript): Worker {
  if (!script.typescript) return new Worker(script.path);
  return new Worker(TYPESCRIPT_BOOTSTRAP, { eval: true, workerData: { tsx: tsxEsmApi(), entry: pathToFileURL(script.path).href } });
}
