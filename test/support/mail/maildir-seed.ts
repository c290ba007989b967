// Maildir seeding: messages written straight into Maildir++ files (fast; works whether
// the server is running or stopped).
import { chown, mkdir, readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusMessage } from './corpus-message.js';

/** IMAP modified UTF-7 (RFC 3501 §5.1.3), how Maildir++ stores non-ASCII folder names. */
function encodeModifiedUtf7(name: string): string {
  return name.replace(/&/g, '&-').replace(/[^\x20-\x7e]+/g, (run) => {
    const utf16 = Buffer.from(run, 'utf16le').swap16();
    return `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
}

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

export interface Owner {
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

export class MaildirWriter {
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
