// FETCH of what the list view needs for each message: flags, INTERNALDATE,
// size, structure, the header fields we show and thread by, and the first
// bytes of part 1 for the snippet. Collected first, parsed after: no other
// command may run inside a `for await (… of client.fetch())` loop (imapflow
// would deadlock).
import type { FetchMessageObject, ImapFlow } from 'imapflow';
import { decodeSnippet } from '../mime/snippet';
import { parseHeaderBlock } from '../mime/parse-header-block';
import { summarizeBodyStructure } from '../mime/body-structure';
import type { NewMessage } from '../store/store-types';

/**
 * The message's flags as stored on the server, sorted. \Recent is left out: it
 * belongs to one session (RFC 3501 2.3.2), not to the message.
 */
export function storedFlags(flags: Set<string> | undefined): string[] {
  return [...(flags ?? [])].filter((flag) => flag !== '\\Recent').sort();
}

const HEADER_FIELDS = ['from', 'to', 'cc', 'subject', 'date', 'message-id', 'in-reply-to', 'references', 'content-type'];
const SNIPPET_BYTES = 2048;

/** Fetches summaries of `uids` (a UID set string such as "1:100" or "5,7,9"). */
export async function fetchSummaries(client: ImapFlow, uidSet: string, minUid = 1): Promise<NewMessage[]> {
  const fetched: FetchMessageObject[] = [];
  for await (const message of client.fetch(
    uidSet,
    {
      uid: true,
      flags: true,
      internalDate: true,
      size: true,
      bodyStructure: true,
      headers: HEADER_FIELDS,
      bodyParts: [{ key: '1', maxLength: SNIPPET_BYTES }],
    },
    { uid: true },
  )) {
    // "n:*" also returns the highest message when n is above it (RFC 3501 6.4.8).
    if (message.uid >= minUid) fetched.push(message);
  }
  const needsOtherPart: Array<{ index: number; part: string }> = [];
  const summaries = fetched.map((message, index) => {
    const { summary, snippetPart } = toNewMessage(message);
    if (snippetPart) needsOtherPart.push({ index, part: snippetPart });
    return summary;
  });
  await fillSnippetsFromOtherParts(client, fetched, summaries, needsOtherPart);
  return summaries;
}

function toNewMessage(message: FetchMessageObject): { summary: NewMessage; snippetPart: string | null } {
  const headers = parseHeaderBlock(message.headers ?? Buffer.alloc(0));
  const structure = summarizeBodyStructure(message.bodyStructure);
  const text = structure.textPart;
  let snippet = '';
  let snippetPart: string | null = null;
  if (text && text.part === '1') {
    snippet = decodeSnippet(message.bodyParts?.get('1') ?? Buffer.alloc(0), text.encoding, text.charset, text.type);
  } else if (text) {
    snippetPart = text.part;
  }
  const internalDate = message.internalDate ? new Date(message.internalDate) : new Date(0);
  return {
    summary: {
      uid: message.uid,
      messageId: headers.messageId,
      inReplyTo: headers.inReplyTo,
      references: headers.references,
      subject: headers.subject,
      from: headers.from,
      to: headers.to,
      cc: headers.cc,
      date: headers.date,
      receivedAt: Number.isNaN(internalDate.getTime()) ? 0 : internalDate.getTime(),
      flags: storedFlags(message.flags),
      size: message.size ?? 0,
      hasAttachments: structure.hasAttachments,
      snippet,
      modseq: message.modseq === undefined ? null : Number(message.modseq),
    },
    snippetPart,
  };
}

/** Second pass for messages whose text is not part 1 (e.g. 1.1 inside multipart/mixed), grouped by part. */
async function fillSnippetsFromOtherParts(
  client: ImapFlow,
  fetched: FetchMessageObject[],
  summaries: NewMessage[],
  pending: Array<{ index: number; part: string }>,
): Promise<void> {
  const byPart = new Map<string, number[]>();
  for (const { index, part } of pending) byPart.set(part, [...(byPart.get(part) ?? []), index]);
  for (const [part, indexes] of byPart) {
    const uidToIndex = new Map(indexes.map((index) => [fetched[index]!.uid, index]));
    const parts = new Map<number, Buffer>();
    for await (const message of client.fetch(
      [...uidToIndex.keys()].join(','),
      { uid: true, bodyParts: [{ key: part, maxLength: SNIPPET_BYTES }] },
      { uid: true },
    )) {
      const bytes = message.bodyParts?.get(part);
      if (bytes) parts.set(message.uid, bytes);
    }
    for (const [uid, index] of uidToIndex) {
      const text = summarizeBodyStructure(fetched[index]!.bodyStructure).textPart;
      const bytes = parts.get(uid);
      if (text && bytes) summaries[index]!.snippet = decodeSnippet(bytes, text.encoding, text.charset, text.type);
    }
  }
}
