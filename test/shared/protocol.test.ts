import { describe, expect, it } from 'vitest';
import type { Mailbox, MessageSummary } from '../../shared/model';
import { HUB_EVENT_TYPES, parseClientFrame, parseHubEvent, userEventsGroup, type HubEvent } from '../../shared/protocol';

const message: MessageSummary = {
  id: 'm1',
  accountId: 'a1',
  mailboxId: 'mb1',
  uid: 7,
  messageId: '<m1@example.test>',
  subject: 'Numbers',
  from: { name: 'Carol', address: 'carol@example.test' },
  to: [{ name: '', address: 'alice@example.test' }],
  cc: [],
  date: '2024-03-01T09:00:00.000Z',
  receivedAt: '2024-03-01T09:00:05.000Z',
  flags: ['\\Seen', '$Label1'],
  size: 2048,
  hasAttachments: false,
  snippet: 'See the attached numbers',
};
const mailbox: Mailbox = { id: 'mb1', accountId: 'a1', path: 'INBOX', name: 'Inbox', delimiter: '/', specialUse: '\\Inbox', total: 3, unread: 2 };

/** One well-formed event of every type, the optional fields both present and absent. */
const wellFormed: HubEvent[] = [
  { type: 'hub.ready', payload: { protocolVersion: 1, hubVersion: '0.1.0', profile: 'default', keyring: 'unavailable' } },
  { type: 'sync.status', payload: { accountId: 'a1', state: 'idle' } },
  { type: 'sync.status', payload: { accountId: 'a1', state: 'syncing', mailboxId: 'mb1', progress: { done: 0, total: 5 } } },
  { type: 'sync.status', payload: { accountId: 'a1', state: 'offline', error: { code: 'connection_refused', message: 'connect ECONNREFUSED' } } },
  { type: 'mailbox.updated', payload: { mailbox } },
  { type: 'mailbox.updated', payload: { mailbox: { ...mailbox, path: 'Projects', name: 'Projects', delimiter: null, specialUse: null } } },
  { type: 'email.new', payload: { message } },
  { type: 'email.updated', payload: { message: { ...message, uid: null, messageId: null, from: null, date: null, flags: [] } } },
  { type: 'email.deleted', payload: { ids: ['m1', 'm2'], mailboxId: 'mb1' } },
  { type: 'email.deleted', payload: { ids: [], mailboxId: 'mb1' } },
  { type: 'action.status', payload: { actionId: 'x1', state: 'pending' } },
  { type: 'action.status', payload: { actionId: 'x1', state: 'failed', error: { code: 'cancelled', message: 'Undone before it reached the server' } } },
  { type: 'account.removed', payload: { accountId: 'a1' } },
];

const frame = (type: string, payload: unknown): string => JSON.stringify({ type, payload });
const { flags: _flags, ...messageWithoutFlags } = message;

describe('protocol', () => {
  it('lists exactly the event types of DESIGN.md', () => {
    expect([...HUB_EVENT_TYPES].sort()).toEqual(
      ['account.removed', 'action.status', 'email.deleted', 'email.new', 'email.updated', 'hub.ready', 'mailbox.updated', 'sync.status'].sort(),
    );
    expect(userEventsGroup('default')).toBe('user_default_events');
  });

  it('accepts only valid client frames', () => {
    expect(parseClientFrame('{"type":"hub.status.request","payload":{}}')).toEqual({ type: 'hub.status.request', payload: {} });
    for (const bad of ['', 'null', '{', '[]', '{"type":"hub.status.request"}', '{"type":"hub.status.request","payload":{"x":1}}', '{"type":"other","payload":{}}']) {
      expect(parseClientFrame(bad)).toBeNull();
    }
  });

  it('checks the envelope of hub events', () => {
    expect(parseHubEvent('{"type":"email.deleted","payload":{"ids":["a"],"mailboxId":"m"}}')?.type).toBe('email.deleted');
    expect(parseHubEvent('{"type":"made.up","payload":{}}')).toBeNull();
    expect(parseHubEvent('{"type":"hub.ready"}')).toBeNull();
    expect(parseHubEvent('not json')).toBeNull();
  });

  it('accepts a well-formed event of every type, as it is', () => {
    expect(new Set(wellFormed.map((event) => event.type))).toEqual(new Set(HUB_EVENT_TYPES));
    for (const event of wellFormed) expect(parseHubEvent(JSON.stringify(event))).toEqual(event);
    // Fields the protocol does not define (a newer hub's) are no reason to drop an event.
    expect(parseHubEvent(frame('email.new', { message: { ...message, threadId: 't1' }, origin: 'idle' }))?.type).toBe('email.new');
  });

  it('refuses inherited names as event types', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      expect(parseHubEvent(frame(type, {}))).toBeNull();
    }
  });

  it('refuses a payload that is not what its type defines', () => {
    const bad: Array<[string, unknown]> = [
      ['sync.status', { accountId: 'a1', state: 'syncing', progress: { done: null, total: 5 } }],
      ['sync.status', { accountId: 'a1', state: 'syncing', progress: null }],
      ['sync.status', { accountId: 'a1', state: 'finished' }],
      ['sync.status', { accountId: 'a1', state: 'offline', error: { code: 'x' } }],
      ['sync.status', { state: 'idle' }],
      ['email.updated', { message: { id: 'm1' } }],
      ['email.updated', { message: messageWithoutFlags }],
      ['email.updated', { message: { ...message, flags: '\\Seen' } }],
      ['email.updated', { message: { ...message, flags: ['\\Seen', 1] } }],
      ['email.new', { message: { ...message, from: { name: 'Carol' } } }],
      ['email.new', { message: { ...message, to: [null] } }],
      ['email.new', { message: { ...message, uid: '7' } }],
      ['email.new', { message: null }],
      ['email.new', {}],
      ['email.deleted', { ids: 'm1', mailboxId: 'mb1' }],
      ['email.deleted', { ids: ['m1', 2], mailboxId: 'mb1' }],
      ['email.deleted', { ids: { 0: 'm1', length: 1 }, mailboxId: 'mb1' }],
      ['email.deleted', { ids: ['m1'] }],
      ['mailbox.updated', { mailbox: { ...mailbox, total: '3' } }],
      ['mailbox.updated', { mailbox: { ...mailbox, specialUse: '\\Important' } }],
      ['action.status', { actionId: 'x1', state: 'done' }],
      ['action.status', { actionId: 'x1', state: 'failed', error: 'no' }],
      ['hub.ready', { protocolVersion: 1, hubVersion: '0.1.0', profile: 'default', keyring: 'maybe' }],
      ['hub.ready', []],
      ['account.removed', {}],
      ['account.removed', { accountId: 7 }],
      ['account.removed', { accountId: null }],
      ['account.removed', ['a1']],
    ];
    for (const [type, payload] of bad) expect(parseHubEvent(frame(type, payload)), `${type} ${JSON.stringify(payload)}`).toBeNull();
  });
});
