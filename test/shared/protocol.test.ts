import { describe, expect, it } from 'vitest';
import { HUB_EVENT_TYPES, parseClientFrame, parseHubEvent, userEventsGroup } from '../../shared/protocol';

describe('protocol', () => {
  it('lists exactly the event types of DESIGN.md', () => {
    expect([...HUB_EVENT_TYPES].sort()).toEqual(
      ['action.status', 'email.deleted', 'email.new', 'email.updated', 'hub.ready', 'mailbox.updated', 'sync.status'].sort(),
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
});
