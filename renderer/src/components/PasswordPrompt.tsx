import { useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client';
import { useApi } from '../api/api-context';

/** Why the password was not taken: the server's refusal said as such, anything else as a failed check. */
function refusal(caught: unknown): { refused: boolean; text: string } {
  if (caught instanceof ApiError && caught.code === 'auth_failed') return { refused: true, text: caught.message };
  return { refused: false, text: caught instanceof ApiError ? caught.message : String(caught) };
}

/**
 * The account's password, asked again in its banner when the server refused the stored one
 * (changed elsewhere) or the keyring lost it. The hub logs in with it before keeping it, so
 * a wrong one is said here and changes nothing; the account keeps its mail and queued actions.
 * The banner keeps this mounted while the account retries (see OfflineBanner): a refusal stays
 * on screen until the user types again, with the text selected in the field to type over.
 */
export function PasswordPrompt({ accountId, email }: { accountId: string; email: string }) {
  const api = useApi();
  const field = useRef<HTMLInputElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ refused: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState(false);
  const fieldId = `password-${accountId}`;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!password || !api || busy) return;
    setBusy(true);
    try {
      await api.updatePassword(accountId, password);
      // The banner goes away with the account's next status (connecting, then syncing or idle).
      setPassword('');
      setError(null);
      setAccepted(true);
    } catch (caught) {
      setError(refusal(caught));
      // A click on the button, disabled while busy, left the focus nowhere: back to the field,
      // the text selected so that typing replaces it.
      field.current?.focus();
      field.current?.select();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="password-prompt" onSubmit={(event) => void submit(event)} data-testid="password-prompt">
      <label htmlFor={fieldId}>Password for {email}</label>{' '}
      <input
        ref={field}
        id={fieldId}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => {
          setPassword(event.target.value);
          setError(null);
          setAccepted(false);
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
      />{' '}
      <button type="submit" disabled={busy || !password}>
        {busy ? 'Checking…' : 'Use this password'}
      </button>
      {error ? (
        <span className="field-error" id={`${fieldId}-error`} role="alert" data-testid="password-prompt-error">
          {error.refused ? <strong>The server did not accept this password.</strong> : <strong>The password could not be checked.</strong>}
          {error.text ? ` ${error.text}` : null}
        </span>
      ) : null}
      {accepted ? (
        <span className="password-accepted" role="status" data-testid="password-prompt-accepted">
          Password accepted; connecting…
        </span>
      ) : null}
    </form>
  );
}
