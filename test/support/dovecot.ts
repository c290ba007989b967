/**
 * A private Dovecot 2.3 instance for tests: generated config in a temp dir, one IMAP
 * listener on a free loopback port, passwd-file users, Maildir storage that tests can
 * seed directly, and stop/start to simulate an outage.
 *
 * Server quirks this file works around (see also DESIGN.md, "Facts seen on this machine"):
 * - The master keeps the caller's stdout open, so its output goes to a file, never a pipe.
 * - Killing only the master leaves the imap session processes serving connected clients;
 *   stop() therefore signals the whole process group and waits until it is empty.
 * - As root, mail processes must not run as root: Maildirs belong to `nobody`.
 * - The built-in defaults include an imaps listener on 993; it is disabled (port 0)
 *   unless TLS is asked for, so parallel instances do not fight over it.
 * - Dovecot delays a failed login (auth_failure_delay), then penalises every later login
 *   from that IP by seconds (anvil), and caps connections per user and IP at 10: all
 *   three are relaxed here so auth-failure tests do not slow down the tests after them.
 * - Maildir UIDs follow file-name order for files found in one sync, so seeded file
 *   names carry an increasing sequence number: UIDs then follow corpus order.
 * - Nothing may outlive the test process: an exit hook SIGKILLs every group still
 *   running, and a watchdog inside each group ends it (and removes its temp dir) within
 *   a second of the test process dying without running that hook.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { CorpusMessage } from './corpus.js';

export interface MailUser {
  user: string;
  password: string;
}

export interface DovecotOptions {
  /** Logins (lowercased, as Dovecot does). Default: alice@mailmind.test and bob@mailmind.test. */
  users?: MailUser[];
  /** Messages seeded into the first user's Maildir before the server starts. */
  corpus?: Iterable<CorpusMessage> | AsyncIterable<CorpusMessage>;
  /** Self-signed TLS: STARTTLS on `port` and implicit TLS on `tlsPort`. */
  tls?: boolean;
}

export type ImapTransport = 'plain' | 'starttls' | 'implicit-tls';

export interface AppendResult {
  uid: number;
  uidValidity: bigint;
}

export interface DovecotInstance {
  readonly host: '127.0.0.1';
  /** Plain IMAP (with STARTTLS when `tls` was set). Stable across stop()/start(). */
  readonly port: number;
  /** Implicit-TLS IMAP port, only with `tls: true`. */
  readonly tlsPort: number | undefined;
  /** PEM of the self-signed certificate (use as `tls.ca`), only with `tls: true`. */
  readonly certificatePem: string | undefined;
  readonly users: readonly MailUser[];
  /** The inbox namespace's hierarchy separator. */
  readonly separator: '/';
  readonly baseDir: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly running: boolean;
  /** Root of a user's Maildir (INBOX). */
  mailDir(user: string): string;
  /**
   * Options for `new ImapFlow(...)` logging in as `user` (default: the first user).
   * 'starttls' and 'implicit-tls' need `tls: true` and trust the instance's certificate.
   */
  imapOptions(user?: string, transport?: ImapTransport): ImapFlowOptions;
  /** Runs `doveadm -c CONFIG ...args`; resolves with stdout, rejects with stderr. */
  doveadm(args: string[]): Promise<string>;
  /** APPENDs one message over IMAP (the server must be running). */
  appendRaw(user: string, mailbox: string, raw: Buffer | string, flags?: string[], internalDate?: Date): Promise<AppendResult>;
  /** Writes messages straight into Maildir files (fast; works running or stopped). Resolves with the count. */
  seedMessages(user: string, messages: Iterable<CorpusMessage> | AsyncIterable<CorpusMessage>): Promise<number>;
  readLog(): Promise<string>;
  /** Ends the whole process group (connected sessions die too) and waits for the port to close. */
  stop(): Promise<void>;
  /** Starts again with the same config, port and mail. */
  start(): Promise<void>;
  /** stop() and remove the temp dir. */
  destroy(): Promise<void>;
}

export const DEFAULT_USERS: readonly MailUser[] = [
  { user: 'alice@mailmind.test', password: 'alice-password' },
  { user: 'bob@mailmind.test', password: 'bob-password' },
];

/** Special-use mailboxes every user has; Dovecot creates and subscribes them itself. */
export const SPECIAL_MAILBOXES: Readonly<Record<string, string>> = {
  Drafts: '\\Drafts',
  Sent: '\\Sent',
  Trash: '\\Trash',
  Archive: '\\Archive',
  Junk: '\\Junk',
};

const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
const SEED_CONCURRENCY = 64;

// ---------------------------------------------------------------------------
// Process bookkeeping: nothing survives the test process.

const runningGroups = new Set<number>(); // process group ids of started, not yet stopped servers
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers must be synchronous: SIGKILL the groups, then remove the dirs.
  process.on('exit', () => {
    for (const pgid of runningGroups) signalGroup(pgid, 'SIGKILL');
    for (const dir of liveDirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort: a dying process cannot do better
      }
    }
  });
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Live (non-zombie) members of a process group. Zombies count for kill(-pgid, 0), and in
 * a container whose PID 1 does not reap, orphaned session processes stay zombies forever,
 * so /proc is the reliable answer.
 */
function liveGroupMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return signalGroup(pgid, 0) ? [pgid] : [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      // Fields after the parenthesised command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && Number(fields[2]) === pgid) members.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return members;
}

// ---------------------------------------------------------------------------
// Small utilities

/** A port the kernel just handed out on 127.0.0.1; the caller retries if it is taken again. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves 'greeting' when the port answers `* OK` with `greeting` in it (so a stranger
 * that grabbed the port does not pass for our server), 'refused' when nothing listens,
 * else 'other'.
 */
async function probeImap(port: number, greeting = ''): Promise<'greeting' | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    let received = '';
    const finish = (result: 'greeting' | 'refused' | 'other'): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2_000, () => finish('other'));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) finish(received.startsWith('* OK') && received.includes(greeting) ? 'greeting' : 'other');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED' ? 'refused' : 'other'));
    socket.on('close', () => finish('other'));
  });
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.code ?? 'signal'}): ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** uid and gid of a system account, read from /etc/passwd (Node has no getpwnam). */
function systemAccount(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`no system account ${name}`);
  return { uid: Number(uid), gid: Number(gid) };
}

/** Name of a group id from /etc/group (Dovecot wants names for its service groups). */
function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  const name = line?.split(':')[0];
  if (!name) throw new Error(`no group with id ${gid}`);
  return name;
}

/** IMAP modified UTF-7 (RFC 3501 §5.1.3), how Maildir++ stores non-ASCII folder names. */
function encodeModifiedUtf7(name: string): string {
  return name.replace(/&/g, '&-').replace(/[^\x20-\x7e]+/g, (run) => {
    const utf16 = Buffer.from(run, 'utf16le').swap16();
    return `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
}

// ---------------------------------------------------------------------------
// Maildir seeding

const MAILDIR_FLAG_LETTERS: Readonly<Record<string, string>> = {
  '\\Draft': 'D',
  '\\Flagged': 'F',
  '\\Answered': 'R',
  '\\Seen': 'S',
  '\\Deleted': 'T',
};

interface MaildirFolder {
  dir: string;
  /** Keyword names by Maildir letter index (a = 0), as in `dovecot-keywords`. */
  keywords: string[];
  keywordsChanged: boolean;
}

interface Owner {
  uid: number;
  gid: number;
}

/** Size as Dovecot's W= (virtual size) counts it: every LF as CRLF. */
function virtualSize(raw: Buffer): number {
  let bareLineFeeds = 0;
  for (let index = raw.indexOf(0x0a); index !== -1; index = raw.indexOf(0x0a, index + 1)) {
    if (index === 0 || raw[index - 1] !== 0x0d) bareLineFeeds++;
  }
  return raw.length + bareLineFeeds;
}

class MaildirWriter {
  private readonly folders = new Map<string, Promise<MaildirFolder>>();

  constructor(
    private readonly root: string,
    private readonly owner: Owner | undefined,
    private readonly nextSequence: () => number,
  ) {}

  /** mkdir -p, then chown every directory it created (recursive mkdir leaves them root's). */
  private async ensureDir(dir: string): Promise<void> {
    const firstCreated = await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!this.owner || firstCreated === undefined) return;
    for (let current = dir; current.length >= firstCreated.length; current = path.dirname(current)) {
      await chown(current, this.owner.uid, this.owner.gid);
    }
  }

  /** Maildir++: INBOX is the root, `A/B` lives in `.A.B` with a `maildirfolder` marker. */
  folderDir(mailbox: string): string {
    if (mailbox.toUpperCase() === 'INBOX') return this.root;
    const segments = mailbox.split('/');
    if (segments.some((segment) => segment === '' || segment.includes('.'))) {
      throw new Error(`unsupported mailbox name for Maildir++ seeding: ${mailbox}`);
    }
    return path.join(this.root, `.${segments.map(encodeModifiedUtf7).join('.')}`);
  }

  private folder(mailbox: string): Promise<MaildirFolder> {
    let folder = this.folders.get(mailbox);
    if (!folder) {
      folder = this.openFolder(mailbox);
      this.folders.set(mailbox, folder);
    }
    return folder;
  }

  private async openFolder(mailbox: string): Promise<MaildirFolder> {
    const dir = this.folderDir(mailbox);
    for (const sub of ['cur', 'new', 'tmp']) await this.ensureDir(path.join(dir, sub));
    if (dir !== this.root) {
      const marker = path.join(dir, 'maildirfolder');
      await writeFile(marker, '');
      if (this.owner) await chown(marker, this.owner.uid, this.owner.gid);
    }
    const keywords: string[] = [];
    const existing = await readFile(path.join(dir, 'dovecot-keywords'), 'utf8').catch(() => '');
    for (const line of existing.split('\n')) {
      const match = /^(\d+) (.+)$/.exec(line);
      if (match?.[1] && match[2]) keywords[Number(match[1])] = match[2];
    }
    return { dir, keywords, keywordsChanged: false };
  }

  private flagLetters(folder: MaildirFolder, flags: readonly string[]): string {
    const letters = new Set<string>();
    for (const flag of flags) {
      const system = MAILDIR_FLAG_LETTERS[flag];
      if (system) {
        letters.add(system);
        continue;
      }
      if (flag.startsWith('\\')) continue; // \Recent and unknown system flags are not stored
      let index = folder.keywords.indexOf(flag);
      if (index === -1) {
        index = folder.keywords.length;
        if (index >= 26) throw new Error(`Maildir supports at most 26 keywords per folder (${flag})`);
        folder.keywords.push(flag);
        folder.keywordsChanged = true;
      }
      letters.add(String.fromCharCode(0x61 + index));
    }
    // Maildir wants the info letters in ASCII order.
    return [...letters].sort().join('');
  }

  /**
   * Writes one message: tmp/ first, then an atomic rename into cur/ (so a running
   * server never sees half a file). The name sorts by sequence; mtime is INTERNALDATE.
   */
  async write(message: CorpusMessage): Promise<void> {
    if (message.raw.length === 0) throw new Error('Dovecot refuses to store a zero-byte message');
    const folder = await this.folder(message.mailbox);
    const sequence = this.nextSequence();
    const base = `${1_000_000_000 + sequence}.M${sequence}P${process.pid}.mailmind,S=${message.raw.length},W=${virtualSize(message.raw)}`;
    const letters = this.flagLetters(folder, message.flags);
    const temporary = path.join(folder.dir, 'tmp', base);
    await writeFile(temporary, message.raw, { mode: 0o600 });
    if (this.owner) await chown(temporary, this.owner.uid, this.owner.gid);
    await utimes(temporary, message.internalDate, message.internalDate);
    await rename(temporary, path.join(folder.dir, 'cur', `${base}:2,${letters}`));
  }

  /** Writes `dovecot-keywords` for folders that gained keywords; returns the mailboxes touched. */
  async finish(): Promise<string[]> {
    const mailboxes: string[] = [];
    for (const [mailbox, pending] of this.folders) {
      const folder = await pending;
      mailboxes.push(mailbox);
      if (!folder.keywordsChanged) continue;
      const file = path.join(folder.dir, 'dovecot-keywords');
      await writeFile(file, folder.keywords.map((keyword, index) => `${index} ${keyword}\n`).join(''), { mode: 0o600 });
      if (this.owner) await chown(file, this.owner.uid, this.owner.gid);
    }
    return mailboxes;
  }
}

// ---------------------------------------------------------------------------
// Config

interface ConfigInput {
  baseDir: string;
  greeting: string;
  port: number;
  tlsPort: number | undefined;
  mailUid: number;
  mailGid: number;
  asRoot: boolean;
  currentUser: string;
  currentGroup: string;
}

function renderConfig(input: ConfigInput): string {
  const { baseDir } = input;
  const mailboxes = Object.entries(SPECIAL_MAILBOXES)
    .map(([name, use]) => `  mailbox ${name} {\n    special_use = ${use}\n    auto = subscribe\n  }`)
    .join('\n');
  const tls = input.tlsPort !== undefined;
  const lines = [
    '# Generated by test/support/dovecot.ts for one test run.',
    `instance_name = mailmind-test-${input.port}`,
    `base_dir = ${baseDir}/run`,
    `state_dir = ${baseDir}/state`,
    `log_path = ${baseDir}/dovecot.log`,
    'protocols = imap',
    `listen = ${HOST}`,
    `login_greeting = ${input.greeting}`,
    tls ? `ssl = yes\nssl_cert = <${baseDir}/tls/cert.pem\nssl_key = <${baseDir}/tls/key.pem` : 'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    // Tests check wrong passwords; 2.3.19 still answers a failure only on its next
    // 500 ms tick, but not after the default 2 s.
    'auth_failure_delay = 0',
    `mail_location = maildir:${baseDir}/mail/%u`,
    `mail_uid = ${input.mailUid}`,
    `mail_gid = ${input.mailGid}`,
    `first_valid_uid = ${input.mailUid}`,
    `first_valid_gid = ${input.mailGid}`,
    ...(input.asRoot
      ? []
      : [
          // Rootless: every service runs as the current user, and nothing can chroot.
          `default_internal_user = ${input.currentUser}`,
          `default_internal_group = ${input.currentGroup}`,
          `default_login_user = ${input.currentUser}`,
        ]),
    'passdb {',
    '  driver = passwd-file',
    `  args = scheme=PLAIN username_format=%u ${baseDir}/users`,
    '}',
    'userdb {',
    '  driver = static',
    `  args = uid=${input.mailUid} gid=${input.mailGid} home=${baseDir}/mail/%u`,
    '}',
    'namespace inbox {',
    '  inbox = yes',
    '  separator = /',
    mailboxes,
    '}',
    'protocol imap {',
    // A sync engine opens several connections per account; the default cap is 10.
    '  mail_max_userip_connections = 100',
    '}',
    'service imap-login {',
    '  inet_listener imap {',
    `    address = ${HOST}`,
    `    port = ${input.port}`,
    '  }',
    '  inet_listener imaps {',
    `    address = ${HOST}`,
    // Port 0 disables the built-in 993 listener.
    `    port = ${input.tlsPort ?? 0}`,
    ...(tls ? ['    ssl = yes'] : []),
    '  }',
    ...(input.asRoot ? [] : ['  chroot =']),
    '}',
    'service anvil {',
    // After one failed login, anvil delays every later login from the same IP (2 s,
    // doubling to 15 s), and 2.3.19 exempts nobody, not even login_trusted_networks.
    // Without this socket (mode 0 = not created) the auth process skips penalties.
    '  unix_listener anvil-auth-penalty {',
    '    mode = 0',
    '  }',
    ...(input.asRoot ? [] : ['  chroot =']),
    '}',
    '',
  ];
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// The instance

/**
 * The watchdog runs inside the server's process group: if the test process dies without
 * running its exit hook (SIGKILL, a killed worker), it removes the temp dir and kills
 * the group, itself included. It is started from a subshell that exits at once, so it
 * is not the master's child (the master logs an error for children it did not fork).
 * `exec` makes Dovecot the group leader, so the pid we hold is the master's; -F keeps
 * it in the foreground (no fork, no setsid).
 */
const LAUNCH_SCRIPT = `
( ( while kill -0 "$2" 2>/dev/null; do sleep 1; done
    case "$3" in */mailmind-dovecot-*) rm -rf "$3" ;; esac
    kill -KILL 0 ) </dev/null >/dev/null 2>&1 & )
exec dovecot -F -c "$1"
`;

class DovecotServer implements DovecotInstance {
  readonly host = HOST;
  readonly separator = '/';
  readonly configPath: string;
  readonly logPath: string;
  readonly outputPath: string;
  /** login_greeting, unique per instance: readiness means this server answered. */
  readonly greeting: string;
  port = 0;
  tlsPort: number | undefined;
  certificatePem: string | undefined;
  private child: ChildProcess | undefined;
  private childExit: Promise<void> | undefined;
  /** Set when the master has exited, whether stop() ended it or it died on its own. */
  private masterExited = false;
  private seedSequence = 0;
  /** Subscriptions requested while the server was down, applied after the next start. */
  private readonly pendingSubscriptions: { user: string; mailboxes: string[] }[] = [];
  private readonly owner: Owner | undefined;
  private readonly asRoot: boolean;

  constructor(
    readonly baseDir: string,
    readonly users: readonly MailUser[],
    private readonly tls: boolean,
  ) {
    this.configPath = path.join(baseDir, 'dovecot.conf');
    this.logPath = path.join(baseDir, 'dovecot.log');
    this.outputPath = path.join(baseDir, 'dovecot.out');
    this.greeting = `MailMind test Dovecot ${path.basename(baseDir)} ready.`;
    this.asRoot = process.getuid?.() === 0;
    this.owner = this.asRoot ? systemAccount('nobody') : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && !this.masterExited;
  }

  mailDir(user: string): string {
    return path.join(this.baseDir, 'mail', user.toLowerCase());
  }

  private userEntry(user: string | undefined): MailUser {
    const entry = user === undefined ? this.users[0] : this.users.find((candidate) => candidate.user === user.toLowerCase());
    if (!entry) throw new Error(`unknown test user ${user ?? '(first)'}`);
    return entry;
  }

  imapOptions(user?: string, transport: ImapTransport = 'plain'): ImapFlowOptions {
    const entry = this.userEntry(user);
    const common = { host: HOST, auth: { user: entry.user, pass: entry.password }, logger: false as const };
    // 'plain' refuses STARTTLS explicitly: imapflow would otherwise upgrade whenever the
    // server offers it, and fail on the self-signed certificate.
    if (transport === 'plain') return { ...common, port: this.port, secure: false, doSTARTTLS: false };
    if (this.tlsPort === undefined || this.certificatePem === undefined) throw new Error(`${transport} needs startDovecot({ tls: true })`);
    const tls = { ca: this.certificatePem };
    if (transport === 'starttls') return { ...common, port: this.port, secure: false, doSTARTTLS: true, tls };
    return { ...common, port: this.tlsPort, secure: true, tls };
  }

  async prepare(): Promise<void> {
    await chmod(this.baseDir, 0o755); // mkdtemp makes it 0700: mail processes could not reach their Maildir
    await mkdir(path.join(this.baseDir, 'state'), { recursive: true });
    await mkdir(path.join(this.baseDir, 'mail'), { recursive: true, mode: 0o755 });
    for (const { user, password } of this.users) {
      if (/[:\n]/.test(user + password)) throw new Error(`user and password must not contain ':' or newlines (${user})`);
    }
    // Read by the auth process, which runs as the unprivileged 'dovecot' user.
    const passwd = this.users.map(({ user, password }) => `${user}:{PLAIN}${password}::::::\n`).join('');
    await writeFile(path.join(this.baseDir, 'users'), passwd, { mode: 0o644 });
    for (const { user } of this.users) {
      await mkdir(this.mailDir(user), { recursive: true, mode: 0o700 });
      if (this.owner) await chown(this.mailDir(user), this.owner.uid, this.owner.gid);
    }
    if (this.tls) await this.makeCertificate();
  }

  private async makeCertificate(): Promise<void> {
    const dir = path.join(this.baseDir, 'tls');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // EC keys are generated instantly, RSA 2048 takes noticeably longer.
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    this.certificatePem = await readFile(path.join(dir, 'cert.pem'), 'utf8');
  }

  private async writeConfig(): Promise<void> {
    const config = renderConfig({
      baseDir: this.baseDir,
      greeting: this.greeting,
      port: this.port,
      tlsPort: this.tlsPort,
      mailUid: this.owner?.uid ?? process.getuid?.() ?? 0,
      mailGid: this.owner?.gid ?? process.getgid?.() ?? 0,
      asRoot: this.asRoot,
      currentUser: os.userInfo().username,
      currentGroup: groupName(os.userInfo().gid),
    });
    await writeFile(this.configPath, config, { mode: 0o644 });
  }

  /** First start: picks ports, retrying when another process grabs one in between. */
  async firstStart(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.tlsPort = this.tls ? await freePort() : undefined;
      await this.writeConfig();
      try {
        await this.start();
        return;
      } catch (error) {
        if (attempt >= 5 || !(await this.failedOnPortInUse())) throw error;
      }
    }
  }

  private async failedOnPortInUse(): Promise<boolean> {
    const output = (await this.readLog()) + (await readFile(this.outputPath, 'utf8').catch(() => ''));
    return /Address already in use/.test(output);
  }

  async start(): Promise<void> {
    if (this.running) return;
    if (this.child) await this.stop(); // the master died on its own: clear what is left
    installExitHook();
    // Truncate the output file per start: a stale bind error must not be re-read.
    const outputFd = openSync(this.outputPath, 'w');
    let child: ChildProcess;
    try {
      child = spawn('/bin/sh', ['-c', LAUNCH_SCRIPT, 'mailmind-dovecot', this.configPath, String(process.pid), this.baseDir], {
        detached: true, // own process group, so stop() can signal all of it
        stdio: ['ignore', outputFd, outputFd],
      });
    } finally {
      closeSync(outputFd);
    }
    const pgid = child.pid;
    if (pgid === undefined) throw new Error('could not spawn dovecot');
    this.child = child;
    this.masterExited = false;
    runningGroups.add(pgid);
    this.childExit = new Promise((resolve) => {
      child.once('exit', () => {
        this.masterExited = true;
        resolve();
      });
    });
    child.unref(); // a forgotten instance must not keep the test process alive

    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline && !this.masterExited) {
      if ((await probeImap(this.port, this.greeting)) === 'greeting') {
        await this.applyPendingSubscriptions();
        return;
      }
      await delay(50);
    }
    await this.stop();
    const output = await readFile(this.outputPath, 'utf8').catch(() => '');
    const log = await this.readLog();
    throw new Error(`dovecot did not come up on port ${this.port}:\n${output}\n${log.split('\n').slice(-20).join('\n')}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    const pgid = child?.pid;
    if (!child || pgid === undefined) return;
    // The child was unref'd so a forgotten server cannot keep the process alive; while we
    // wait for its exit it must count, or a plain script could end mid-stop().
    child.ref();
    // SIGTERM lets sessions say BYE and the master clean up its sockets; anything still
    // alive after the grace period is killed.
    signalGroup(pgid, 'SIGTERM');
    if (!(await this.waitForEmptyGroup(pgid, STOP_GRACE_MS))) {
      signalGroup(pgid, 'SIGKILL');
      if (!(await this.waitForEmptyGroup(pgid, STOP_GRACE_MS))) {
        throw new Error(`dovecot processes ${liveGroupMembers(pgid).join(', ')} survived SIGKILL`);
      }
    }
    await this.childExit;
    runningGroups.delete(pgid);
    this.child = undefined;
    // With the group gone the kernel has closed the listener; this confirms it. Bounded,
    // because after a failed start another process may own the port.
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline && (await probeImap(this.port)) !== 'refused') await delay(25);
  }

  private async waitForEmptyGroup(pgid: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (liveGroupMembers(pgid).length > 0) {
      if (Date.now() > deadline) return false;
      await delay(25);
    }
    return true;
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.baseDir, { recursive: true, force: true, maxRetries: 3 });
    liveDirs.delete(this.baseDir);
  }

  async doveadm(args: string[]): Promise<string> {
    return run('doveadm', ['-c', this.configPath, ...args]);
  }

  async readLog(): Promise<string> {
    return readFile(this.logPath, 'utf8').catch(() => '');
  }

  async appendRaw(user: string, mailbox: string, raw: Buffer | string, flags: string[] = [], internalDate?: Date): Promise<AppendResult> {
    if (raw.length === 0) throw new Error('Dovecot refuses to store a zero-byte message');
    const client = new ImapFlow(this.imapOptions(user));
    client.on('error', () => {
      // surfaced through the rejected command below
    });
    await client.connect();
    try {
      const result = await client.append(mailbox, raw, flags, internalDate);
      if (!result || result.uid === undefined || result.uidValidity === undefined) throw new Error(`APPEND to ${mailbox} returned no UID`);
      return { uid: result.uid, uidValidity: result.uidValidity };
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async seedMessages(user: string, messages: Iterable<CorpusMessage> | AsyncIterable<CorpusMessage>): Promise<number> {
    const entry = this.userEntry(user);
    const writer = new MaildirWriter(this.mailDir(entry.user), this.owner, () => this.seedSequence++);
    const inFlight = new Set<Promise<void>>();
    let count = 0;
    let failure: unknown;
    for await (const message of messages) {
      const write = writer.write(message).catch((error: unknown) => {
        failure ??= error;
      });
      const tracked = write.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      count++;
      if (inFlight.size >= SEED_CONCURRENCY) await Promise.race(inFlight);
      if (failure) break;
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
    const mailboxes = await writer.finish();
    // Special-use mailboxes are subscribed by Dovecot; others are subscribed here so
    // clients that honour LSUB see them (needs the server, hence only when running).
    const extra = mailboxes.filter((mailbox) => mailbox.toUpperCase() !== 'INBOX' && !Object.hasOwn(SPECIAL_MAILBOXES, mailbox));
    if (extra.length > 0 && this.running) await this.doveadm(['mailbox', 'subscribe', '-u', entry.user, ...extra]);
    else if (extra.length > 0) this.pendingSubscriptions.push({ user: entry.user, mailboxes: extra });
    return count;
  }


  private async applyPendingSubscriptions(): Promise<void> {
    for (const { user, mailboxes } of this.pendingSubscriptions.splice(0)) {
      await this.doveadm(['mailbox', 'subscribe', '-u', user, ...mailboxes]);
    }
  }
}

/**
 * Starts a private Dovecot with the given users (default DEFAULT_USERS) and, optionally,
 * `corpus` seeded into the first user's Maildir before the first start. Call destroy()
 * when done; an exit hook and a watchdog clean up if you cannot.
 */
export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotInstance> {
  const users = (opts.users ?? DEFAULT_USERS).map(({ user, password }) => ({ user: user.toLowerCase(), password }));
  if (users.length === 0) throw new Error('startDovecot needs at least one user');
  installExitHook();
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'mailmind-dovecot-'));
  liveDirs.add(baseDir);
  const server = new DovecotServer(baseDir, users, opts.tls ?? false);
  try {
    await server.prepare();
    const firstUser = users[0];
    if (opts.corpus && firstUser) await server.seedMessages(firstUser.user, opts.corpus);
    await server.firstStart();
    return server;
  } catch (error) {
    await server.destroy().catch(() => undefined);
    throw error;
  }
}
