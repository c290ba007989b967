import { describe, expect, it } from 'vitest';
import { applyEvent, initialHubState, RECENT_EVENT_LIMIT } from '../../renderer/src/stores/hub-store';
import { reconnectDelay, socketUrl } from '../../renderer/src/hub/use-hub-socket';
import type { HubEvent } from '../../shared/protocol';

describe('hub store reducer', () => {
  it('records hub.ready facts and keeps a bounded newest-first event window', () => {
    const ready: HubEvent = { type: 'hub.ready', payload: { protocolVersion: 1, hubVersion: '1.2.3', profile: 'default', keyring: 'available' } };
    let state = applyEvent(initialHubState, ready);
    expect(state.hub?.hubVersion).toBe('1.2.3');
    for (let i = 0; i < RECENT_EVENT_LIMIT + 5; i += 1) {
      state = applyEvent(state, { type: 'sync.status', payload: { accountId: String(i), state: 'idle' } });
    }
    expect(state.recentEvents).toHaveLength(RECENT_EVENT_LIMIT);
    const newest = state.recentEvents[0];
    expect(newest?.type === 'sync.status' && newest.payload.accountId).toBe(String(RECENT_EVENT_LIMIT + 4));
    expect(initialHubState.recentEvents).toEqual([]);
  });
});

describe('socket helpers', () => {
  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(reconnectDelay(0, () => 0)).toBe(250);
    expect(reconnectDelay(0, () => 1)).toBe(500);
    expect(reconnectDelay(3, () => 1)).toBe(4000);
    expect(reconnectDelay(20, () => 1)).toBe(30_000);
    expect(reconnectDelay(20, () => 0)).toBe(15_000);
  });

  it('puts the token in the query of the events URL, encoded', () => {
    expect(socketUrl('ws://127.0.0.1:5/ws/events/', 'a+b/c')).toBe('ws://127.0.0.1:5/ws/events/?token=a%2Bb%2Fc');
  });
});
