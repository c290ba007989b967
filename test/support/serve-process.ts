// The built headless hub (`out/main/serve.js`) as a child process, for tests
// that restart or SIGKILL the hub.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

export const SERVE_ENTRY = join(import.meta.dirname, '..', '..', 'out', 'main', 'serve.js');

export interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  origin: string;
  port: number;
  token: string;
  stderr(): string;
  /** SIGKILL, and wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts the built hub; `port` 0 (the default) picks a free one, a fixed one restarts a hub
 * where it was, null passes no --port (serve's own default: the port it used last time).
 */
export async function startServe(dataDir: string, env: Record<string, string> = {}, port: number | null = 0): Promise<ServeProcess> {
  const portArgs = port === null ? [] : ['--port', String(port)];
  const child = spawn(process.execPath, [SERVE_ENTRY, ...portArgs, '--data-dir', dataDir], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL; stderr: ${stderr}`)), 15_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = /(http:\/\/127\.0\.0\.1:(\d+))\/#token=([\w-]+)/.exec(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    origin: match[1]!,
    port: Number(match[2]),
    token: match[3]!,
    stderr: () => stderr,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
