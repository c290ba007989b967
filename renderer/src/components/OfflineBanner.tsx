import { useEffect, useState } from 'react';
import type { Account, SyncState } from '../../../shared/model';
import type { ApiClient } from '../api/api-client';
import { useApi } from '../api/api-context';
import { listFocusWhenGone } from '../mail/list-focus';
import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { useMail } from '../stores/use-mail';
import { hubUnreachable, useHubState } from '../stores/hub-store';
import { PasswordPrompt } from './PasswordPrompt';

type AccountStatus = Account['status'];

/** The account states that get a banner. */
const SHOWN_STATES: ReadonlySet<SyncState> = new Set(['offline', 'error', 'auth_failed']);

/** The server refused the stored password, or the keyring lost it: the banner asks for it. */
function needsPassword(status: AccountStatus): boolean {
  return status.state === 'auth_failed' || status.error?.code === 'secret_unavailable';
}

/**
 * The accounts whose banner asks for a password, with the status that made it ask. One stays
 * while the account is connecting: the hub tries the stored password again by itself (auth_failed,
 * connecting, auth_failed…), and a correct one from the prompt connects before it syncs. Removing
 * the banner for those moments would take the prompt away with what the user typed, the
 * server's answer and the focus.
 */
function useAskingForPassword(accounts: readonly Account[]): Readonly<Record<string, AccountStatus>> {
  const [asking, setAsking] = useState<Readonly<Record<string, AccountStatus>>>({});
  const next: Record<string, AccountStatus> = {};
  for (const account of accounts) {
    const kept = asking[account.id];
    if (needsPassword(account.status)) next[account.id] = account.status;
    else if (account.status.state === 'connecting' && kept) next[account.id] = kept;
  }
  const same = Object.keys(next).length === Object.keys(asking).length && Object.entries(next).every(([id, status]) => asking[id] === status);
  // Adjusted while rendering (React's pattern for state that follows props), not in an effect:
  // an effect would first paint the banner gone.
  if (!same) setAsking(next);
  return next;
}

/** What the banner says about the account. */
function AccountProblem({ email, status }: { email: string; status: AccountStatus }) {
  if (status.state === 'auth_failed') {
    return (
      <>
        <strong>{email}:</strong> the server refused the password (was it changed?). Enter the current one; the account keeps its mail and
        the actions waiting to be sent.
      </>
    );
  }
  if (status.error?.code === 'secret_unavailable') {
    return (
      <>
        <strong>{email}:</strong> {status.error.message}.
      </>
    );
  }
  if (status.error?.code === 'mailbox_sync_failed') {
    return (
      <>
        <strong>{email}:</strong> {status.error.message}. The other folders are up to date, and new mail still arrives.
      </>
    );
  }
  return (
    <>
      <strong>{email} is offline</strong>
      {status.error ? ` (${status.error.message})` : ''}. Cached mail still opens; actions are queued and sent when the server is back.
    </>
  );
}

/**
 * "Retry now" on an offline account's banner: it connects at once instead of at the end of its
 * reconnect wait (up to a minute). Says so until the account's state moves on. Its banner then
 * goes, and the focus to the list (listFocusWhenGone); until then the button keeps it, disabled
 * for the mouse only (a focused button that turns disabled drops the focus to <body>).
 */
function RetryNow({ api, accountId }: { api: ApiClient; accountId: string }) {
  const [asked, setAsked] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <>
      {' '}
      <button
        ref={listFocusWhenGone}
        type="button"
        aria-disabled={asked || undefined}
        onClick={() => {
          if (asked) return;
          setAsked(true);
          setFailed(null);
          api.checkAccount(accountId).catch((error: unknown) => {
            setAsked(false);
            setFailed(error instanceof Error ? error.message : String(error));
          });
        }}
      >
        {asked ? 'Retrying…' : 'Retry now'}
      </button>
      {failed ? ` Could not ask the hub to retry: ${failed}.` : null}
    </>
  );
}

/**
 * The network came back (the browser's `online` event; the laptop woke on a network): every
 * offline account connects now rather than at the end of its reconnect wait.
 */
function useRetryWhenOnline(api: ApiClient | null, offline: readonly string[]): void {
  const key = offline.join(' ');
  useEffect(() => {
    if (!api || key === '') return undefined;
    const retry = (): void => {
      for (const id of key.split(' ')) void api.checkAccount(id).catch(() => undefined);
    };
    window.addEventListener('online', retry);
    return () => window.removeEventListener('online', retry);
  }, [api, key]);
}

/** The hub is not reachable, an account's mail server is not, or one of its folders does not sync: what still works is said plainly. */
export function OfflineBanner() {
  const socket = useHubState((state) => state.socket);
  const opened = useHubState((state) => state.openCount > 0);
  // Once reconnecting has failed for a while, the close's reason ("Hub shutting down") is old news.
  const lastError = useHubState((state) => (hubUnreachable(state) ? null : state.lastError));
  const sessionEnded = useHubState((state) => state.sessionEnded);
  // A page left open across an update of the hub reconnects by itself, to a hub that may speak
  // another version of the protocol: its events could be misread until the page reloads.
  const hubProtocol = useHubState((state) => state.hub?.protocolVersion ?? PROTOCOL_VERSION);
  const accounts = useMail((state) => state.accounts);
  const listStale = useMail((state) => state.list.stale);
  const askingFor = useAskingForPassword(accounts);
  const api = useApi();
  useRetryWhenOnline(
    api,
    accounts.filter((account) => account.status.state === 'offline').map((account) => account.id),
  );

  return (
    <>
      {hubProtocol !== PROTOCOL_VERSION ? (
        <div className="banner banner-offline" role="alert" data-testid="protocol-mismatch-banner">
          <strong>MailMind was updated.</strong> This window is from the version before:{' '}
          <button type="button" onClick={() => window.location.reload()}>
            Reload
          </button>{' '}
          to go on with the new one.
        </div>
      ) : null}
      {sessionEnded && socket !== 'open' ? (
        <div className="banner banner-offline" role="alert" data-testid="session-ended-banner">
          <strong>This page&apos;s session has ended:</strong> the hub restarted with a new token, and this browser has no session
          that renews it (none outlives a restart of a hub without a keyring). Open the address it printed again (inside the app
          this resolves by itself).
        </div>
      ) : null}
      {opened && socket !== 'open' ? (
        <div className="banner banner-offline" role="status" data-testid="offline-banner">
          <strong>Offline.</strong> The MailMind hub is not reachable{lastError ? ` (${lastError})` : ''}. Showing what is loaded; reconnecting…
        </div>
      ) : null}
      {listStale ? (
        <div className="banner muted" role="status" data-testid="stale-list-note">
          These messages are as this window last loaded them, and may be out of date. They are loaded again when the hub is back.
        </div>
      ) : null}
      {accounts.map((account) => {
        const asking = askingFor[account.id];
        const shown = asking ?? (SHOWN_STATES.has(account.status.state) ? account.status : null);
        if (!shown) return null;
        return (
          <div key={account.id} className="banner banner-account" role="status" data-testid="account-offline-banner" data-state={account.status.state}>
            <AccountProblem email={account.email} status={shown} />
            {/* Keyed by the state: a new offline spell offers the button again. */}
            {!asking && shown.state === 'offline' && api ? <RetryNow key={`${account.id}-${account.status.state}`} api={api} accountId={account.id} /> : null}
            {/* One place in the banner whatever it says: switching the text above does not remount the prompt. */}
            {asking ? <PasswordPrompt accountId={account.id} email={account.email} /> : null}
          </div>
        );
      })}
    </>
  );
}
