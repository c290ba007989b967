// What clients send: a bogus frame closes that socket only; the hub keeps
// serving everyone else, and logs the fact without the content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, MAX_CLIENT_FRAME_BYTES, userEventsGroup, type HubEvent } from '../../../shared/protocol';
import { eventually, startTestHub, type TestHub } from '../../support/test-hub';
import { eventsUrl, openEventSocket, type EventSocket } from '../../support/ws-client';

let t: TestHub;
let bystander: EventSocket;

const syncEvent = (n: number): HubEvent => ({ type: 'sync.status', payload: { accountId: `acct-${n}`, state: 'idle' } });

beforeAll(async () => {
  t = await startTestHub();
  bystander = await openEventSocket(eventsUrl(t.hub.port, t.token));
  await bystander.nextEvent('hub.ready');
});

afterAll(async () => {
  bystander.ws.close(1000);
  await t.stop();
  expect(t.logText()).not.toContain(t.token);
});

async function expectBystanderStillServed(n: number): Promise<void> {
  await eventually(() => t.hub.events.groupSize(userEventsGroup(t.hub.profile)) === 1, 'closed sockets to leave the group');
  expect(t.hub.publish(syncEvent(n))).toBe(1);
  const event = await bystander.nextEvent('sync.status');
  expect(event.payload.accountId).toBe(`acct-${n}`);
}

describe('client frames', () => {
  it('answers a valid hub.status.request with hub.ready', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    socket.ws.send(JSON.stringify({ type: 'hub.status.request', payload: {} }));
    expect((await socket.nextEvent('hub.ready')).payload.profile).toBe('default');
    socket.ws.close(1000);
  });

  it('closes a socket that sends invalid JSON with 1008 and logs no content', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    socket.ws.send('{"type": "hub.status.request", SECRET-CONTENT');
    expect((await socket.closed).code).toBe(CloseCode.policyViolation);
    expect(t.logText()).toContain('invalid client frame');
    expect(t.logText()).not.toContain('SECRET-CONTENT');
    await expectBystanderStillServed(1);
  });

  it('closes with 1008 on JSON that is not a protocol frame, and on binary frames', async () => {
    for (const frame of ['{"type":"email.delete.everything","payload":{}}', '[1,2,3]', '"hello"', '{"type":"hub.status.request"}']) {
      const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
      socket.ws.send(frame);
      expect((await socket.closed).code).toBe(CloseCode.policyViolation);
    }
    const binary = await openEventSocket(eventsUrl(t.hub.port, t.token));
    binary.ws.send(Buffer.from([0, 1, 2, 3]));
    expect((await binary.closed).code).toBe(CloseCode.policyViolation);
    await expectBystanderStillServed(2);
  });

  it('closes a socket that sends an oversized frame with 1009', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    socket.ws.send('x'.repeat(MAX_CLIENT_FRAME_BYTES + 1));
    expect((await socket.closed).code).toBe(CloseCode.messageTooBig);
    await expectBystanderStillServed(3);
  });

  it('logs a flood of bad frames once: frames after the decision to close are dropped unread', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    const before = t.logs.filter((entry) => entry.message === 'invalid client frame; socket closed').length;
    // Sent in one burst: the hub reads them all before its close goes out.
    for (let i = 0; i < 1000; i += 1) socket.ws.send('{nope');
    expect((await socket.closed).code).toBe(CloseCode.policyViolation);
    expect(t.logs.filter((entry) => entry.message === 'invalid client frame; socket closed').length - before).toBe(1);
    await expectBystanderStillServed(6);
  });

  it('closes a client that sends requests and never reads the answers, before their replies pile up', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    // Stops reading; the kernel's buffers fill first, then the hub's own (capped at 8 MB).
    socket.ws.pause();
    const request = JSON.stringify({ type: 'hub.status.request', payload: {} });
    for (let sent = 0; sent < 200_000 && !t.logText().includes('slow socket closed'); sent += 1000) {
      for (let i = 0; i < 1000; i += 1) socket.ws.send(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await eventually(() => t.logText().includes('slow socket closed'), 'the slow socket to be closed', 10_000);
    socket.ws.resume();
    expect((await socket.closed).code).toBe(CloseCode.tryAgainLater);
    await expectBystanderStillServed(7);
  }, 30_000);

  it('leaves the group on close: a closed socket is no longer a member', async () => {
    const socket = await openEventSocket(eventsUrl(t.hub.port, t.token));
    await socket.nextEvent('hub.ready');
    expect(t.hub.publish(syncEvent(4))).toBe(2);
    socket.ws.close(1000);
    await socket.closed;
    await eventually(() => t.hub.publish(syncEvent(5)) === 1, 'the closed socket to leave the group');
  });
});
