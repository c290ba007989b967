import { describe, expect, it } from 'vitest';
import { createEventHub, type EventReceiver } from '../../../electron/hub/events/event-hub';
import { createLogger } from '../../../electron/hub/logger';
import type { HubEvent } from '../../../shared/protocol';

const event = (accountId: string): HubEvent => ({ type: 'sync.status', payload: { accountId, state: 'idle' } });

function recorder(): EventReceiver & { got: HubEvent[] } {
  const got: HubEvent[] = [];
  return { got, receive: (e) => got.push(e) };
}

describe('event hub groups', () => {
  it('groupSend reaches exactly the members of the group', () => {
    const hub = createEventHub(createLogger(() => {}));
    const [a, b, c] = [recorder(), recorder(), recorder()];
    hub.groupAdd('user_alice_events', a);
    hub.groupAdd('user_alice_events', b);
    hub.groupAdd('user_bob_events', c);

    expect(hub.groupSend('user_alice_events', event('1'))).toBe(2);
    expect(a.got).toEqual([event('1')]);
    expect(b.got).toEqual([event('1')]);
    expect(c.got).toEqual([]);

    hub.groupDiscard('user_alice_events', a);
    hub.groupSend('user_alice_events', event('2'));
    expect(a.got).toEqual([event('1')]);
    expect(b.got).toEqual([event('1'), event('2')]);
    expect(hub.groupSend('nobody', event('3'))).toBe(0);
  });

  it('adding the same receiver twice delivers once; a failing receiver does not starve the others', () => {
    const logged: string[] = [];
    const hub = createEventHub(createLogger((_l, message) => logged.push(message)));
    const ok = recorder();
    hub.groupAdd('g', { receive: () => { throw new Error('broken'); } });
    hub.groupAdd('g', ok);
    hub.groupAdd('g', ok);
    expect(hub.groupSend('g', event('x'))).toBe(1);
    expect(ok.got).toHaveLength(1);
    expect(logged).toContain('event receiver failed');
  });

  it('a receiver may leave its group while an event is delivered', () => {
    const hub = createEventHub(createLogger(() => {}));
    const later = recorder();
    const leaver: EventReceiver = { receive: () => hub.groupDiscard('g', leaver) };
    hub.groupAdd('g', leaver);
    hub.groupAdd('g', later);
    hub.groupSend('g', event('1'));
    expect(later.got).toHaveLength(1);
    expect(hub.groupSize('g')).toBe(1);
  });
});
