import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/api-client';
import { useApi } from '../api/api-context';

/**
 * The account's password, asked again in its banner when the server refused the stored one
 * (changed elsewhere) or the keyring lost it. The hub logs in with it before keeping it, so
 * a wrong one is said here and changes nothing; the account keeps its mail and queued actions.
 */
export function PasswordPrompt({ accountId, email }: { accountId: string; email: string }) {
  const api = useApi();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldId = `password-${accountId}`;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!password || !api) return;
    setBusy(true);
    setError(null);
    try {
      await api.updatePassword(accountId, password);
      // The banner goes away with the account's next status (connecting, then idle).
      setPassword('');
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="password-prompt" onSubmit={(event) => void submit(event)} data-testid="password-prompt">
      <label htmlFor={fieldId}>Password for {email}</label>{' '}
      <input
        id={fieldId}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
      />{' '}
      <button type="submit" disabled={busy || !password}>
        Use this password
      </button>
      {error ? (
        <span className="field-error" id={`${fieldId}-error`} role="alert" data-testid="password-prompt-error">
          {error}
        </span>
      ) : null}
    </form>
  );
}
