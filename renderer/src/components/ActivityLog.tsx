import { useHubState } from '../stores/hub-store';

/** The newest hub events, for the curious (and for checking the hub end to end). */
export function ActivityLog({ open, onToggle }: { open: boolean; onToggle(open: boolean): void }) {
  const events = useHubState((state) => state.recentEvents);
  return (
    <details className="activity" open={open} onToggle={(event) => {
        // Only the user's toggles count, not the echo of `open` changing.
        if (event.currentTarget.open !== open) onToggle(event.currentTarget.open);
      }}>
      <summary>Hub activity ({events.length})</summary>
      <ol data-testid="event-log" className="event-log">
        {events.map((event, index) => (
          <li key={events.length - index} data-type={event.type}>
            <code>{event.type}</code> <span className="payload">{JSON.stringify(event.payload)}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
