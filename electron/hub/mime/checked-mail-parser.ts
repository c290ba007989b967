// mailparser decodes a text part labelled UTF-8 or US-ASCII (or not labelled at all) itself,
// with Buffer#toString: every byte that is not UTF-8 becomes U+FFFD. A Latin-1 body sent as
// "charset=utf-8" then read "Gr\uFFFD\uFFFDe aus K\uFFFDln" in the reader, while its snippet
// (snippet.ts, which checks the bytes) read "Grüße aus Köln". Every other label goes through
// the Iconv option (BodyCharsetStream); this parser relabels those text parts so that they go
// that way too, where valid UTF-8 is kept byte for byte and anything else decoded as the
// snippet decodes it.
import { MailParser } from 'mailparser';
import { checkedCharsetLabel } from './body-charset-stream';

/** What mailparser's createNode returns (mail-parser.js; internal, so not in its types): the fields read here. */
interface PartNode {
  contentType?: string;
  charset?: string;
}

type CreateNode = (this: MailParser, node: unknown) => PartNode;

/** mailparser's own per-part setup, which reads the charset parameter into the node it returns. */
const createNode = (MailParser.prototype as unknown as { createNode: CreateNode }).createNode;

// The labels mailparser leaves undecoded, compared as it compares them (punctuation dropped).
const SKIPPED_LABELS = new Set(['ascii', 'usascii', 'utf8']);
const TEXT_TYPES = new Set(['text/plain', 'text/html']);

/** A MailParser whose text parts under a UTF-8 or US-ASCII label (or none) are checked for UTF-8 (BodyCharsetStream). */
export class CheckedMailParser extends MailParser {
  /** Called by MailParser for each MIME part as its headers are read. */
  createNode(node: unknown): PartNode {
    const part = createNode.call(this, node);
    const label = (part.charset ?? 'utf-8').toLowerCase().replace(/[^a-z0-9]+/g, '');
    if (part.contentType && TEXT_TYPES.has(part.contentType) && SKIPPED_LABELS.has(label)) {
      part.charset = checkedCharsetLabel(part.charset, part.contentType === 'text/html');
    }
    return part;
  }
}
