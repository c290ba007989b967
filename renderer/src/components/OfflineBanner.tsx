import { PROTOCOL_VERSION } from '../../../shared/protocol';
import { useMail } from '../stores/use-mail';
import { useHubState } from '../stores/hub-store';
import { PasswordPrompt } from './PasswordPrompt';

/** The hub is not reachable, an account's mail server is not, or one of its folders does not sync: what still works is said plainly. */
export function OfflineBanner() {
  const socket = useHubState((state) => state.socket);
  const opened = useHubState((state) => state.openCount > 0);
  const lastError = useHubState((state) => state.lastError);
  const sessionEnded = useHubState((state) => state.sessionEnded);
  // A page left open across an update of the hub reconnects by itself, to a hub that may speak
  // another version of the protocol: its events could be misread until the page reloads.
  const hubProtocol = useHubState((state) => state.hub?.protocolVersion ?? PROTOCOL_VERSION);
  const accounts = useMail((state) => state.accounts);
  const offline = accounts.filter((a) => a.status.state === 'offline' || a.status.state === 'error' || a.status.state === 'auth_failed');

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
      {offline.map((account) => (
        <div key={account.id} className="banner banner-account" role="status" data-testid="account-offline-banner" data-state={account.status.state}>
          {account.status.state === 'auth_failed' ? (
            <>
              <strong>{account.email}:</strong> the server refused the password (was it changed?). Enter the current one; the account keeps
              its mail and the actions waiting to be sent.
              <PasswordPrompt accountId={account.id} email={account.email} />
            </>
          ) : account.status.error?.code === 'secret_unavailable' ? (
            <>
              <strong>{account.email}:</strong> {account.status.error.message}.
              <PasswordPrompt accountId={account.id} email={account.email} />
            </>
          ) : account.status.error?.code === 'mailbox_sync_failed' ? (
            <>
              <strong>{account.email}:</strong> {account.status.error.message}. The other folders are up to date, and new mail still arrives.
            </>
          ) : (
            <>
              <strong>{account.email} is offline</strong>
              {account.status.error ? ` (${account.status.error.message})` : ''}. Cached mail still opens; actions are queued and sent when the server is back.
            </>
          )}
        </div>
      ))}
    </>
  );
}
