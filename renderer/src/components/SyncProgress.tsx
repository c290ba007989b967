import { useMail } from '../stores/use-mail';

/** A bar while an account's mailboxes are being synced (the first sync reports done/total). */
export function SyncProgress({ accountId }: { accountId: string }) {
  const status = useMail((state) => state.sync[accountId]);
  if (!status || status.state !== 'syncing' || !status.progress || status.progress.total === 0) return null;
  const { done, total } = status.progress;
  return (
    <div className="sync-progress" data-testid="sync-progress">
      <progress max={total} value={done} aria-label="Sync progress" />
      <span>
        Syncing {done.toLocaleString()} / {total.toLocaleString()}
      </span>
    </div>
  );
}
