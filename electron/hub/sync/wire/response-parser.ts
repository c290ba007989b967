// Parses one whole IMAP response (as cut by response-splitter.ts) into plain
// values: RFC 3501 section 9's atoms, numbers, quoted strings, literals, NIL
// and parenthesized lists. Only what a FETCH stream needs is interpreted
// further: the tag, the untagged `* n FETCH (...)` attribute pairs, and the
// status of the tagged completion. Anything malformed throws WireError; the
// caller stops reading that stream.

/** A string for atoms, numbers and quoted strings; a Buffer for a literal's raw bytes; null for NIL. */
export type WireValue = string | Buffer | null | WireValue[];

export class WireError extends Error {}

export type ParsedResponse =
  | { kind: 'fetch'; seq: number; attributes: Map<string, WireValue> }
  | { kind: 'tagged'; tag: string; status: string; text: string }
  | { kind: 'untagged'; name: string; text: string }
  | { kind: 'continuation'; text: string };

const SP = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const TILDE = 0x7e;
const LESS = 0x3c;
const GREATER = 0x3e;

// Lists nested deeper than this are refused: a BODYSTRUCTURE is a few levels deep, and
// recursion on hostile input must not exhaust the stack.
const MAX_NESTING = 200;

function isAtomEnd(byte: number | undefined): boolean {
  return byte === undefined || byte === SP || byte === OPEN_PAREN || byte === CLOSE_PAREN || byte === CR || byte === LF;
}

/** A reader over one response's bytes. */
class Cursor {
  index = 0;

  constructor(readonly bytes: Buffer) {}

  peek(): number | undefined {
    return this.bytes[this.index];
  }

  expect(byte: number, what: string): void {
    if (this.bytes[this.index] !== byte) throw new WireError(`expected ${what} at byte ${this.index}`);
    this.index += 1;
  }

  skipSpaces(): void {
    while (this.bytes[this.index] === SP) this.index += 1;
  }

  atom(): string {
    const start = this.index;
    while (!isAtomEnd(this.bytes[this.index])) this.index += 1;
    if (this.index === start) throw new WireError(`expected an atom at byte ${start}`);
    return this.bytes.toString('latin1', start, this.index);
  }

  /**
   * The response's end: its line end and nothing after. Spaces before it are let pass, as
   * imapflow's reader and go-imap (its issue 540) do: some servers end lines with one.
   */
  lineEnd(): void {
    this.skipSpaces();
    if (this.peek() === CR) this.index += 1;
    this.expect(LF, 'the line end');
    if (this.index !== this.bytes.length) throw new WireError(`bytes after the line end at byte ${this.index}`);
  }

  /** The rest of the line, without its line end. */
  restOfLine(): string {
    let end = this.bytes.length;
    while (end > this.index && (this.bytes[end - 1] === LF || this.bytes[end - 1] === CR)) end -= 1;
    const text = this.bytes.toString('utf8', this.index, end);
    this.index = this.bytes.length;
    return text;
  }

  quoted(): string {
    this.expect(QUOTE, 'a quote');
    const start = this.index;
    let escaped = false;
    for (;;) {
      const byte = this.bytes[this.index];
      if (byte === undefined || byte === CR || byte === LF) throw new WireError('unterminated quoted string');
      if (byte === QUOTE) break;
      if (byte === BACKSLASH) {
        escaped = true;
        this.index += 1;
      }
      this.index += 1;
    }
    const raw = this.bytes.toString('utf8', start, this.index);
    this.index += 1;
    return escaped ? raw.replace(/\\(.)/g, '$1') : raw;
  }

  literal(): Buffer {
    if (this.peek() === TILDE) this.index += 1; // literal8 (RFC 3516)
    this.expect(OPEN_BRACE, 'a literal');
    let length = 0;
    let digits = 0;
    for (let byte = this.peek(); byte !== undefined && byte >= 0x30 && byte <= 0x39; byte = this.peek()) {
      length = length * 10 + (byte - 0x30);
      digits += 1;
      this.index += 1;
    }
    if (digits === 0) throw new WireError('a literal without a length');
    this.expect(CLOSE_BRACE, 'the end of a literal length');
    if (this.peek() === CR) this.index += 1;
    this.expect(LF, 'the line end before a literal');
    const end = this.index + length;
    if (end > this.bytes.length) throw new WireError('a literal longer than the response');
    const value = this.bytes.subarray(this.index, end);
    this.index = end;
    return value;
  }

  value(depth = 0): WireValue {
    const byte = this.peek();
    if (byte === OPEN_PAREN) return this.list(depth + 1);
    if (byte === QUOTE) return this.quoted();
    if (byte === OPEN_BRACE || byte === TILDE) return this.literal();
    const atom = this.atom();
    return atom === 'NIL' ? null : atom;
  }

  list(depth: number): WireValue[] {
    if (depth > MAX_NESTING) throw new WireError('lists nested too deeply');
    this.expect(OPEN_PAREN, 'a list');
    const items: WireValue[] = [];
    for (;;) {
      this.skipSpaces();
      const byte = this.peek();
      if (byte === CLOSE_PAREN) {
        this.index += 1;
        return items;
      }
      if (byte === undefined || byte === CR || byte === LF) throw new WireError('unterminated list');
      items.push(this.value(depth));
    }
  }

  /** A FETCH attribute name: an atom that may carry a section ("BODY[HEADER.FIELDS (A B)]") and a partial origin ("<0>"). */
  attributeName(): string {
    const start = this.index;
    let brackets = 0;
    for (;;) {
      const byte = this.bytes[this.index];
      if (byte === undefined || byte === CR || byte === LF) break;
      if (byte === OPEN_BRACKET) brackets += 1;
      else if (byte === CLOSE_BRACKET) brackets -= 1;
      else if (brackets === 0 && (byte === SP || byte === OPEN_PAREN || byte === CLOSE_PAREN)) break;
      this.index += 1;
      if (byte === CLOSE_BRACKET && brackets === 0 && this.bytes[this.index] === LESS) {
        while (this.bytes[this.index] !== undefined && this.bytes[this.index] !== GREATER) this.index += 1;
        this.index += 1;
        break;
      }
    }
    if (this.index === start || brackets !== 0) throw new WireError(`bad attribute name at byte ${start}`);
    return this.bytes.toString('latin1', start, this.index).toUpperCase();
  }
}

function parseFetchAttributes(cursor: Cursor): Map<string, WireValue> {
  cursor.expect(OPEN_PAREN, 'the FETCH attribute list');
  const attributes = new Map<string, WireValue>();
  for (;;) {
    cursor.skipSpaces();
    const byte = cursor.peek();
    if (byte === CLOSE_PAREN) {
      cursor.index += 1;
      return attributes;
    }
    if (byte === undefined || byte === CR || byte === LF) throw new WireError('unterminated FETCH attribute list');
    const name = cursor.attributeName();
    cursor.expect(SP, 'a space after an attribute name');
    attributes.set(name, cursor.value());
  }
}

/** Parses one response. Throws WireError on bytes that are not an IMAP response. */
export function parseResponse(bytes: Buffer): ParsedResponse {
  const cursor = new Cursor(bytes);
  if (cursor.peek() === 0x2b /* + */) {
    cursor.index += 1;
    cursor.skipSpaces();
    return { kind: 'continuation', text: cursor.restOfLine() };
  }
  const tag = cursor.atom();
  cursor.expect(SP, 'a space after the tag');
  if (tag !== '*') {
    const status = cursor.atom().toUpperCase();
    cursor.skipSpaces();
    return { kind: 'tagged', tag, status, text: cursor.restOfLine() };
  }
  const first = cursor.atom();
  if (/^\d+$/.test(first)) {
    cursor.expect(SP, 'a space after a message number');
    const name = cursor.atom().toUpperCase();
    if (name === 'FETCH') {
      // A message number is a 32-bit nz-number (RFC 3501 section 9); 99999999999999999999 is not one.
      if (!/^[1-9]\d{0,9}$/.test(first) || Number(first) > 4_294_967_295) throw new WireError(`not a message number: ${first.slice(0, 20)}`);
      cursor.expect(SP, 'a space after FETCH');
      const attributes = parseFetchAttributes(cursor);
      // "* 1 FETCH (UID 5)garbage" is not a FETCH response: what else it holds is unknown.
      cursor.lineEnd();
      return { kind: 'fetch', seq: Number(first), attributes };
    }
    return { kind: 'untagged', name, text: `${first} ${cursor.restOfLine()}` };
  }
  cursor.skipSpaces();
  return { kind: 'untagged', name: first.toUpperCase(), text: cursor.restOfLine() };
}
