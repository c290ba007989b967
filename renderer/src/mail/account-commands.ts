// What the user does to an account as a whole (adding one is the setup form's): removing it.
import { ApiError, type ApiClient } from '../api/api-client';
import { accountRemoved } from '../stores/mail-state';
import { updateMailFollowingRemovals } from '../stores/mail-store';
import { followAccountRemoval } from './mail-commands';

/**
 * Removes the account on the hub (its mail leaves this computer; the server's is not touched),
 * then drops it from this page at once, without waiting for the hub's account.removed, which tells
 * the other pages. A 404 means another window removed it first: gone all the same. Any other
 * failure is thrown, and the account stays.
 */
export async function removeAccount(api: ApiClient, accountId: string): Promise<void> {
  try {
    await api.removeAccount(accountId);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
  updateMailFollowingRemovals((state) => accountRemoved(state, accountId));
  // Not waited for: the next folder's list loads behind the dialog closing.
  void followAccountRemoval(api);
}
