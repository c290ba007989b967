// A status page over the hub connection; the mail views replace it later.
import { useAuth } from './auth/auth-context';
import { useHubSocket } from './hub/use-hub-socket';
import { useHubState, type SocketState } from './stores/hub-store';

const stateLabel: Record<SocketState, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Disconnected',
};

export function App() {
  const { token, resolved } = useAuth();
  useHubSocket();
  const socket = useHubState((state) => state.socket);
  const hub = useHubState((state) => state.hub);
  const lastError = useHubState((state) => state.lastError);
  const events = useHubState((state) => state.recentEvents);

  return (
    <main className="status-page">
      <h1>MailMind</h1>
      {resolved && !token ? (
        <p role="alert">No session token. Open the address printed by <code>npm run serve</code>: it carries the token.</p>
      ) : null}
      <p>
        Hub connection: <strong data-testid="socket-state" data-state={socket}>{stateLabel[socket]}</strong>
        {lastError && socket !== 'open' ? <span className="error"> ({lastError})</span> : null}
      </p>
      {hub ? (
        <p data-testid="hub-info">
          Hub {hub.hubVersion}, protocol {hub.protocolVersion}, keyring {hub.keyring}
        </p>
      ) : null}
      <h2>Events</h2>
      <ol data-testid="event-log" className="event-log">
        {events.map((event, index) => (
          <li key={events.length - index} data-type={event.type}>
            <code>{event.type}</code> <span className="payload">{JSON.stringify(event.payload)}</span>
          </li>
        ))}
      </ol>
    </main>
  );
}
