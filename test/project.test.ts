// Promises the README makes to a newcomer: CI runs its test command verbatim,
// and `npm start` without an Electron binary says so and serves headless.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function fencedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([^`]+?)\n```/g)].map((match) => (match[1] ?? '').trim());
}

describe('README and CI', () => {
  it('starts with the run command and the test command, and .ci/run calls the test command verbatim', async () => {
    const readme = await readFile(join(root, 'README.md'), 'utf8');
    const [runCommand, testCommand] = fencedCommands(readme);
    expect(runCommand).toMatch(/npm start$/);
    expect(testCommand).toMatch(/npm test$/);
    const ci = await readFile(join(root, '.ci', 'run'), 'utf8');
    const ciLines = ci.split('\n').map((line) => line.trim());
    expect(ciLines).toContain(testCommand);
    expect(ciLines[ciLines.length - 2]).toBe(testCommand);
  });
});

describe('npm start without the Electron binary', () => {
  it('says so in one line and runs the hub headless', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mailmind-start-'));
    const child = spawn(process.execPath, [join(root, 'scripts', 'start.mjs'), '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: join(dataDir, 'no-electron-here'), MAILMIND_SKIP_BUILD: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL; stderr: ${stderr}`)), 15_000);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+)\/#token=/.exec(stdout);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const notice = stderr.split('\n').filter((line) => line.includes('Electron binary'));
    expect(notice).toEqual([expect.stringMatching(/not installed.*runs headless/)]);
    expect((await fetch(`${url}/`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });
});
