// The port `serve` listened on last time, kept in the data folder so that a
// browser tab left open finds the hub at the same address after a restart (a
// page's origin includes its port). A port is not a secret: a plain file is fine.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const FILE_NAME = 'serve-port.json';

export interface PortChoice {
  port: number;
  /** When `port` is taken, listen on a free one instead of failing. */
  freePortIfTaken: boolean;
}

function isListenablePort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/**
 * An explicit port (flag or variable, `0` included) wins and must be had; else the
 * one used last time, if it is still free; else any free port.
 */
export function choosePort(explicit: number | null, remembered: number | null): PortChoice {
  if (explicit !== null) return { port: explicit, freePortIfTaken: false };
  if (remembered !== null) return { port: remembered, freePortIfTaken: true };
  return { port: 0, freePortIfTaken: false };
}

/** The port remembered in `dataDir`, or null when there is none (or the file is not ours). */
export async function readLastPort(dataDir: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, FILE_NAME), 'utf8')) as { port?: unknown };
    return isListenablePort(parsed.port) ? parsed.port : null;
  } catch {
    return null; // missing or unreadable: the hub takes a free port, as on a first start
  }
}

/** Remembers `port` in `dataDir` for the next start. */
export async function rememberPort(dataDir: string, port: number): Promise<void> {
  const path = join(dataDir, FILE_NAME);
  // Write then rename: a crash mid-write leaves the old file, never half a file.
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ port })}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
