// The "{123}" a line can end in: a literal where the grammar allows a string (a FETCH's
// header and body, a LIST's mailbox name), text where it does not (an ALERT, a tagged
// completion, a continuation). Taken for a literal, the text swallowed the start of the
// responses after it, and the messages they carried were lost to the wire fetch.
import { describe, expect, it } from 'vitest';
import { createResponseSplitter } from '../../../../electron/hub/sync/wire/response-splitter';
import { parseResponse } from '../../../../electron/hub/sync/wire/response-parser';

function splitAll(chunks: Buffer[]): string[] {
  const splitter = createResponseSplitter();
  return chunks.flatMap((chunk) => splitter.push(chunk)).map((bytes) => bytes.toString('latin1'));
}

/** The responses of `text`, the same whole, cut in two anywhere, and a byte at a time. */
function splitEveryWay(text: string): string[] {
  const stream = Buffer.from(text, 'latin1');
  const whole = splitAll([stream]);
  for (let cut = 1; cut < stream.length; cut += 1) {
    expect(splitAll([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(whole);
  }
  expect(splitAll([...stream].map((byte) => Buffer.from([byte])))).toEqual(whole);
  return whole;
}

/** A summary's FETCH response, its Subject in a header literal. */
function fetchResponse(seq: number, uid: number, subject: string): string {
  const header = `Subject: ${subject}\r\n\r\n`;
  return `* ${seq} FETCH (UID ${uid} RFC822.SIZE 120 BODY[HEADER.FIELDS (SUBJECT)] {${header.length}}\r\n${header})\r\n`;
}

/** UID and Subject of each FETCH response among `responses`. */
function messagesIn(responses: string[]): Array<{ uid: unknown; subject: string }> {
  return responses.flatMap((text) => {
    const response = parseResponse(Buffer.from(text, 'latin1'));
    if (response.kind !== 'fetch') return [];
    const header = response.attributes.get('BODY[HEADER.FIELDS (SUBJECT)]');
    return [{ uid: response.attributes.get('UID'), subject: Buffer.isBuffer(header) ? header.toString().trim() : '' }];
  });
}

const TWO_MESSAGES = fetchResponse(1, 7, 'First') + fetchResponse(2, 8, 'Second');

describe('a "{n}" at the end of a status response', () => {
  it('is text: the messages after an ALERT ending in "{33}" still come, each its own response', () => {
    const alert = '* OK [ALERT] Your quota is nearly full, please call {33}\r\n';
    const responses = splitEveryWay(`${alert}${TWO_MESSAGES}W1 OK Fetch completed.\r\n`);
    expect(responses).toHaveLength(4);
    expect(responses[0]).toBe(alert);
    expect(parseResponse(Buffer.from(alert))).toEqual({ kind: 'untagged', name: 'OK', text: '[ALERT] Your quota is nearly full, please call {33}' });
    expect(messagesIn(responses)).toEqual([
      { uid: '7', subject: 'Subject: First' },
      { uid: '8', subject: 'Subject: Second' },
    ]);
    expect(parseResponse(Buffer.from(responses[3]!))).toMatchObject({ kind: 'tagged', tag: 'W1', status: 'OK' });
  });

  it.each([
    ['a tagged completion', 'A1 OK done {5}\r\n'],
    ['a tagged NO', 'W1 NO [OVERQUOTA] over quota {5}\r\n'],
    ['a tagged BAD', 'W1 BAD {5}\r\n'],
    ['a continuation', '+ Ready for more {5}\r\n'],
    ['an untagged NO', '* NO [ALERT] {5}\r\n'],
    ['an untagged BAD', '* BAD line too long {5}\r\n'],
    ['a BYE', '* BYE Server shutting down in {5}\r\n'],
    ['a PREAUTH', '* PREAUTH welcome {5}\r\n'],
    ['an OK in lower case', '* ok still here {5}\r\n'],
  ])('is text in %s: the responses after it are not swallowed', (_name, line) => {
    const responses = splitEveryWay(line + TWO_MESSAGES);
    expect(responses).toEqual([line, fetchResponse(1, 7, 'First'), fetchResponse(2, 8, 'Second')]);
  });

  it('is text however large the number, not a literal refused as too long', () => {
    const alert = '* OK [ALERT] reference {999999999999}\r\n';
    expect(splitEveryWay(alert + TWO_MESSAGES)).toHaveLength(3);
  });
});

describe('a "{n}" where the grammar allows a string', () => {
  it.each([
    ['a FETCH, in a literal whose own bytes end in "{3}"', '* 3 FETCH (UID 9 BODY[1]<0> {6}\r\nok\r\n{3} FLAGS ())\r\n'],
    ['a FETCH, in each of its literals', '* 3 FETCH (UID 9 BODY[HEADER] {2}\r\n\r\n BODY[1] {3}\r\nabc)\r\n'],
    ['a LIST, as the mailbox name', '* LIST (\\HasNoChildren) "/" {10}\r\nOK [ALERT]\r\n'],
    ['a STATUS, as the mailbox name', '* STATUS {5}\r\nInbox (MESSAGES 2)\r\n'],
    ['an untagged response whose name only begins like a status', '* OKAY {3}\r\nabc\r\n'],
  ])('is a literal in %s', (_name, response) => {
    const responses = splitEveryWay(`${response}W1 OK done\r\n`);
    expect(responses).toEqual([response, 'W1 OK done\r\n']);
  });
});
