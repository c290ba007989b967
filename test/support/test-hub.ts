// Starts a real hub on port 0 with a recording logger, for tests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub, type HubOptions } from '../../electron/hub/create-hub';
import { createLogger, type LogFields, type LogLevel } from '../../electron/hub/logger';
import { createMemoryVault } from '../../electron/hub/vault/secret-vault';

export interface LogEntry {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

export interface TestHub {
  hub: Hub;
  dataDir: string;
  token: string;
  logs: LogEntry[];
  /** Every log line as the JSON the stderr logger would write. */
  logText(): string;
  stop(): Promise<void>;
}

export const BUILT_RENDERER = join(import.meta.dirname, '..', '..', 'out', 'renderer');

export async function startTestHub(overrides: Partial<HubOptions> = {}): Promise<TestHub> {
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(tmpdir(), 'mailmind-hub-')));
  const logs: LogEntry[] = [];
  const logger = createLogger((level, message, fields) => logs.push({ level, message, fields }), 'debug');
  const hub = await startHub({ dataDir, vault: createMemoryVault(), logger, hubVersion: '0.0.0-test', ...overrides });
  let stopped = false;
  return {
    hub,
    dataDir,
    token: hub.connection().token,
    logs,
    logText: () => logs.map((entry) => JSON.stringify(entry)).join('\n'),
    async stop() {
      if (stopped) return;
      stopped = true;
      await hub.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it holds (state that settles after a socket event on the other side). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
