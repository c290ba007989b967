import { useState } from 'react';
import { hubUnreachable, useHubState, type SocketState } from '../stores/hub-store';
import { useMail } from '../stores/use-mail';
import { ActivityLog } from './ActivityLog';

const stateLabel: Record<SocketState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

/** The hub connection at a glance, and the activity log (open by default until there is an account). */
export function StatusBar() {
  const socket = useHubState((state) => state.socket);
  const hub = useHubState((state) => state.hub);
  // Once reconnecting has failed for a while, the close's reason ("Hub shutting down") is old news.
  const lastError = useHubState((state) => (hubUnreachable(state) ? 'hub not reachable' : state.lastError));
  // Known to have no account (not merely not loaded yet): the log shows the hub is alive.
  const noAccounts = useMail((state) => state.accountsLoaded && state.accounts.length === 0);
  const [logOpen, setLogOpen] = useState<boolean | null>(null);

  return (
    <footer className="statusbar">
      <span className={`socket-dot state-${socket}`} aria-hidden="true" />
      <strong data-testid="socket-state" data-state={socket}>
        {stateLabel[socket]}
      </strong>
      {lastError && socket !== 'open' ? <span className="error"> ({lastError})</span> : null}
      {hub ? (
        <span data-testid="hub-info" className="muted">
          Hub {hub.hubVersion}, protocol {hub.protocolVersion}, keyring {hub.keyring}
        </span>
      ) : null}
      <ActivityLog open={logOpen ?? noAccounts} onToggle={setLogOpen} />
    </footer>
  );
}
