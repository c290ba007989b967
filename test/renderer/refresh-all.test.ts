// refreshAll after a reconnect must read again, not share a refresh that began before the
// socket dropped: that one may have read the list before the events missed while it was down.
// A hand-written fake of the API client (named as such): the real hub cannot hold one request
// back while the socket drops and comes back.
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../renderer/src/api/api-client';
import { refreshAll } from '../../renderer/src/mail/mail-commands';
import { initialMailState } from '../../renderer/src/stores/mail-state';
import { mailStore } from '../../renderer/src/stores/mail-store';

/** A fake API client whose account list answers only when told to; counts the refreshes begun. */
function heldApiClientFake() {
  const releases: Array<() => void> = [];
  let begun = 0;
  const api = {
    listAccounts: () => {
      begun += 1;
      return new Promise((resolve) => releases.push(() => resolve({ accounts: [] })));
    },
    listMailboxes: async () => ({ mailboxes: [] }),
    listMessages: async () => ({ messages: [], nextCursor: null }),
    search: async () => ({ messages: [], nextCursor: null }),
  } as unknown as ApiClient;
  return {
    api,
    begun: () => begun,
    releaseNext: async () => {
      releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

afterEach(() => mailStore.setState(initialMailState, true));

describe('refreshAll', () => {
  it('runs again after a refresh that was already running when asked (a reconnect), once for all asking meanwhile', async () => {
    const fake = heldApiClientFake();
    const first = refreshAll(fake.api);
    const again = refreshAll(fake.api);
    const alsoAgain = refreshAll(fake.api);
    expect(fake.begun()).toBe(1);
    await fake.releaseNext();
    await first;
    expect(fake.begun()).toBe(2);
    await fake.releaseNext();
    await Promise.all([again, alsoAgain]);
    expect(fake.begun()).toBe(2);
  });

  it('shares the refresh running when joining (the app mounting while the entry’s first fetch runs)', async () => {
    const fake = heldApiClientFake();
    const first = refreshAll(fake.api);
    const joined = refreshAll(fake.api, true);
    await fake.releaseNext();
    await Promise.all([first, joined]);
    expect(fake.begun()).toBe(1);
  });
});
