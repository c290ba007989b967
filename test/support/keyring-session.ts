// A private D-Bus session bus with gnome-keyring's Secret Service, unlocked,
// for tests of the keychain vault — the same stack keytar talks to on a Linux
// desktop. The bus has no service activation, so nothing starts behind our back,
// and `withKeyring: false` gives the "no Secret Service" case for real.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyringSession {
  /** Variables that point a process at this session (DBUS_SESSION_BUS_ADDRESS, XDG dirs). */
  env: Record<string, string>;
  /** Sets `env` in this process (keytar reads it when it first connects). */
  enter(): void;
  stop(): Promise<void>;
}

const busConfig = (dir: string): string => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

function firstLine(child: ChildProcess, what: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${what} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}`));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function nameHasOwner(env: Record<string, string>, name: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', () => resolve(/boolean true/.test(out)));
    child.on('error', () => resolve(false));
  });
}

function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
}

/** Starts a session bus, and (unless `withKeyring` is false) an unlocked gnome-keyring on it. */
export async function startKeyringSession({ withKeyring = true } = {}): Promise<KeyringSession> {
  const dir = await mkdtemp(join(tmpdir(), 'mailmind-keyring-'));
  const runtimeDir = join(dir, 'run');
  await mkdir(runtimeDir, { mode: 0o700 });
  await mkdir(join(dir, 'data'));
  await writeFile(join(dir, 'bus.conf'), busConfig(dir));

  const bus = spawn('dbus-daemon', [`--config-file=${join(dir, 'bus.conf')}`, '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let keyring: ChildProcess | null = null;
  const stop = async (): Promise<void> => {
    await stopChild(keyring);
    await stopChild(bus);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const address = await firstLine(bus, 'dbus-daemon');
    const env = {
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_RUNTIME_DIR: runtimeDir,
      XDG_DATA_HOME: join(dir, 'data'),
    };
    if (withKeyring) {
      keyring = spawn('gnome-keyring-daemon', ['--unlock', '--components=secrets', '--foreground'], {
        env: { ...process.env, ...env },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      // --unlock reads the login keyring's password from stdin; it creates the keyring on first use.
      keyring.stdin?.end('mailmind-test-password');
      await waitFor(() => nameHasOwner(env, 'org.freedesktop.secrets'), 'gnome-keyring on the session bus');
    }
    return {
      env,
      enter: () => Object.assign(process.env, env),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
