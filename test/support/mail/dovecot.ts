/**
 * A private Dovecot 2.3 instance for tests: generated config in a temp dir, one IMAP
 * listener on a free loopback port, passwd-file users, Maildir storage that tests can
 * seed directly, and stop/start to simulate an outage.
 *
 * Server quirks this file and the modules it uses (dovecot-config.ts, maildir-seed.ts,
 * process-group.ts) work around (see also DESIGN.md, "Facts seen on this machine"):
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
import { closeSync, openSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import type { CorpusMessage } from './corpus-message.js';
import { groupName, renderConfig, SPECIAL_MAILBOXES, systemAccount } from './dovecot-config.js';
import { freePort, HOST, probeImap } from './loopback-port.js';
import { MaildirWriter, type Owner } from './maildir-seed.js';
import { commandName, installExitHook, liveDirs, liveGroupMembers, runningGroups, signalGroup } from './process-group.js';

export { SPECIAL_MAILBOXES } from './dovecot-config.js';

export interface MailUser {
  user: string;
  password: string;
}

/**
 * Dovecot's own capabilities but NOTIFY (RFC 5465), as a server that has none (Gmail): the hub
 * then hears of changes to folders other than INBOX and the open one only when it checks them.
 */
export const WITHOUT_NOTIFY =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+ SPECIAL-USE';

export interface DovecotOptions {
  /** Logins (lowercased, as Dovecot does). Default: alice@mailmind.test and bob@mailmind.test. */
  users?: MailUser[];
  /** Messages seeded into the first user's Maildir before the server starts. */
  corpus?: Iterable<CorpusMessage> | AsyncIterable<CorpusMessage>;
  /** Self-signed TLS: STARTTLS on `port` and implicit TLS on `tlsPort`. */
  tls?: boolean;
  /**
   * Replaces the advertised capabilities (Dovecot's `imap_capability`), e.g. to play a
   * server without CONDSTORE/QRESYNC.
   */
  imapCapability?: string;
  /** Special-use mailboxes Dovecot creates (default SPECIAL_MAILBOXES), e.g. to play a server without an Archive. */
  specialMailboxes?: Readonly<Record<string, string>>;
  /** Logins one user may hold from one IP (default 100); beyond it Dovecot refuses a login with NO [LIMIT]. */
  maxUserIpConnections?: number;
  /** The longest command line Dovecot accepts (`imap_max_line_length`, default 64 KiB); RFC 2683 has clients keep to about 1000 octets. */
  imapMaxLineLength?: number;
}

/** The options that shape the generated configuration. */
type ServerConfigOptions = Pick<DovecotOptions, 'imapCapability' | 'specialMailboxes' | 'maxUserIpConnections' | 'imapMaxLineLength'>;

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
  /** Changes a user's password on the server (as a user does elsewhere); later logins need the new one. */
  setPassword(user: string, password: string): Promise<void>;
  /**
   * Sends `signal` to every IMAP session process of this server (SIGSTOP: a server that stops
   * answering mid-session, which nothing else can make Dovecot do; SIGCONT undoes it).
   * Resolves with how many sessions got it.
   */
  signalSessions(signal: 'SIGSTOP' | 'SIGCONT'): number;
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

const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 3_000;
const SEED_CONCURRENCY = 64;

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed (${error.code ?? 'signal'}): ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

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
    private readonly configOptions: ServerConfigOptions,
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

  /** The passwd-file; Dovecot's auth process reads it again when it changes. */
  private async writeUsers(): Promise<void> {
    for (const { user, password } of this.users) {
      if (/[:\n]/.test(user + password)) throw new Error(`user and password must not contain ':' or newlines (${user})`);
    }
    // Read by the auth process, which runs as the unprivileged 'dovecot' user.
    const passwd = this.users.map(({ user, password }) => `${user}:{PLAIN}${password}::::::\n`).join('');
    await writeFile(path.join(this.baseDir, 'users'), passwd, { mode: 0o644 });
  }

  async setPassword(user: string, password: string): Promise<void> {
    const index = this.users.findIndex((entry) => entry.user === user.toLowerCase());
    if (index < 0) throw new Error(`no user ${user}`);
    (this.users as MailUser[])[index] = { user: user.toLowerCase(), password };
    await this.writeUsers();
  }

  async prepare(): Promise<void> {
    await chmod(this.baseDir, 0o755); // mkdtemp makes it 0700: mail processes could not reach their Maildir
    await mkdir(path.join(this.baseDir, 'state'), { recursive: true });
    await mkdir(path.join(this.baseDir, 'mail'), { recursive: true, mode: 0o755 });
    await this.writeUsers();
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
      imapCapability: this.configOptions.imapCapability,
      specialMailboxes: this.configOptions.specialMailboxes,
      maxUserIpConnections: this.configOptions.maxUserIpConnections,
      imapMaxLineLength: this.configOptions.imapMaxLineLength,
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
      this.tlsPort = undefined;
      // Two free ports asked in a row can be the same one (the first was released): ask again.
      while (this.tls && (this.tlsPort === undefined || this.tlsPort === this.port)) this.tlsPort = await freePort();
      await this.writeConfig();
      try {
        await this.start();
        await this.subscribeSpecialMailboxes();
        return;
      } catch (error) {
        if (attempt >= 5 || !(await this.failedOnPortInUse())) throw error;
      }
    }
  }

  /**
   * Subscribes every user to the special-use mailboxes before any client connects. Dovecot does it
   * itself (auto = subscribe) in the first session that opens each, rewriting the subscriptions
   * file under subscriptions.lock: a test that froze and killed the server at that moment
   * (SIGSTOP, then stop()) left the lock behind, and after the restart the hub's LIST waited 30 s
   * for Dovecot to call it stale (2.4% of the bulk outage test's runs).
   */
  private async subscribeSpecialMailboxes(): Promise<void> {
    const names = Object.keys(this.configOptions.specialMailboxes ?? SPECIAL_MAILBOXES);
    if (names.length === 0) return;
    for (const { user } of this.users) await this.doveadm(['mailbox', 'subscribe', '-u', user, ...names]);
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

  signalSessions(signal: 'SIGSTOP' | 'SIGCONT'): number {
    const pgid = this.child?.pid;
    if (pgid === undefined) return 0;
    let signalled = 0;
    for (const pid of liveGroupMembers(pgid).filter((pid) => commandName(pid) === 'imap')) {
      try {
        process.kill(pid, signal);
        signalled += 1;
      } catch (error) {
        // A session that ended between the listing and the signal (ESRCH) is no session to signal.
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    return signalled;
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
  const server = new DovecotServer(baseDir, users, opts.tls ?? false, opts);
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
