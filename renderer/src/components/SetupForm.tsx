import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ImapSecurity } from '../../../shared/model';
import { ApiError } from '../api/api-client';
import { useApi } from '../api/api-context';
import { loadAccounts, loadMailboxes, showMailbox } from '../mail/mail-commands';
import { fieldForError, presetForEmail, PROVIDER_PRESETS, type SetupField } from '../mail/provider-presets';
import { mailStore } from '../stores/mail-store';
import { useMail } from '../stores/use-mail';
import { setUi } from '../stores/ui-store';
import { FormField } from './FormField';

type Errors = Partial<Record<SetupField, string>>;

/** The fields in the order the form shows them: the first one in error gets the focus. */
const FIELD_ORDER: readonly SetupField[] = ['email', 'displayName', 'host', 'port', 'security', 'user', 'password', 'form'];

/** Adding an account: a provider preset fills host, port and security; the hub checks the login first. */
export function SetupForm() {
  const api = useApi();
  const hasAccounts = useMail((state) => state.accounts.length > 0);
  const [preset, setPreset] = useState('other');
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [host, setHost] = useState('');
  const [port, setPort] = useState('993');
  const [security, setSecurity] = useState<ImapSecurity>('tls');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Set by a submit that ended in errors: once they are on screen, the first takes the focus (the
  // button it was on, disabled while checking, left it nowhere), as a browser does for a form.
  const focusFirstError = useRef(false);
  const form = useRef<HTMLFormElement>(null);
  const note = PROVIDER_PRESETS.find((p) => p.id === preset)?.note;

  const applyPreset = (id: string): void => {
    setPreset(id);
    const chosen = PROVIDER_PRESETS.find((p) => p.id === id);
    if (chosen && chosen.id !== 'other') {
      setHost(chosen.host);
      setPort(String(chosen.port));
      setSecurity(chosen.security);
    }
  };

  const validate = (): Errors => {
    const found: Errors = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) found.email = 'Enter an email address like name@example.com.';
    if (!host.trim()) found.host = 'Enter the IMAP server, e.g. imap.example.com.';
    const portNumber = Number(port);
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) found.port = 'The port is a number from 1 to 65535 (usually 993).';
    if (!password) found.password = 'Enter the password (or app password).';
    return found;
  };

  useEffect(() => {
    if (!focusFirstError.current) return;
    focusFirstError.current = false;
    const first = FIELD_ORDER.find((field) => errors[field]);
    if (!first) return;
    const target = form.current?.querySelector<HTMLElement>(`#${first === 'form' ? 'form-error' : first}`);
    target?.focus();
    // A refused password is typed again: selected, typing replaces it.
    if (first === 'password' && target instanceof HTMLInputElement) target.select();
  }, [errors]);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    focusFirstError.current = Object.keys(found).length > 0;
    if (Object.keys(found).length > 0 || !api) return;
    setBusy(true);
    try {
      const { account } = await api.addAccount({
        email: email.trim(),
        displayName: displayName.trim() || undefined,
        imap: { host: host.trim(), port: Number(port), security, user: user.trim() || email.trim() },
        password,
      });
      setPassword('');
      await Promise.all([loadAccounts(api), loadMailboxes(api)]);
      setUi({ view: 'mail' });
      const state = mailStore.getState();
      const inbox = state.mailboxOrder.map((id) => state.mailboxes[id]).find((m) => m?.accountId === account.id && m.specialUse === '\\Inbox');
      if (inbox) await showMailbox(api, inbox.id);
    } catch (error) {
      focusFirstError.current = true;
      if (error instanceof ApiError) setErrors({ [fieldForError(error.code, error.message)]: error.message });
      else setErrors({ form: String(error) });
    } finally {
      setBusy(false);
    }
  };

  const describedBy = (field: SetupField) => (errors[field] ? `${field}-error` : undefined);

  return (
    <form ref={form} className="setup" onSubmit={(event) => void submit(event)} noValidate data-testid="setup-form" aria-label="Add an account">
      <h1>Add a mail account</h1>
      <p className="muted">MailMind keeps the password in your system keychain and your mail on this computer.</p>
      <FormField id="preset" label="Provider">
        <select id="preset" value={preset} onChange={(e) => applyPreset(e.target.value)}>
          {PROVIDER_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </FormField>
      {note ? <p className="note">{note}</p> : null}
      <FormField id="email" label="Email address" error={errors.email}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          value={email}
          aria-invalid={!!errors.email}
          aria-describedby={describedBy('email')}
          onChange={(e) => setEmail(e.target.value)}
          onBlur={() => {
            const guess = presetForEmail(email);
            if (guess && preset === 'other' && !host) applyPreset(guess.id);
          }}
        />
      </FormField>
      <FormField id="displayName" label="Your name (optional)">
        <input id="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      </FormField>
      <div className="field-row">
        <FormField id="host" label="IMAP server" error={errors.host}>
          <input id="host" value={host} aria-invalid={!!errors.host} aria-describedby={describedBy('host')} onChange={(e) => setHost(e.target.value)} />
        </FormField>
        <FormField id="port" label="Port" error={errors.port}>
          <input id="port" inputMode="numeric" value={port} aria-invalid={!!errors.port} aria-describedby={describedBy('port')} onChange={(e) => setPort(e.target.value)} />
        </FormField>
        <FormField id="security" label="Security" error={errors.security}>
          <select id="security" value={security} aria-invalid={!!errors.security} aria-describedby={describedBy('security')} onChange={(e) => setSecurity(e.target.value as ImapSecurity)}>
            <option value="tls">SSL/TLS</option>
            <option value="starttls">STARTTLS</option>
            <option value="none">None (this computer only)</option>
          </select>
        </FormField>
      </div>
      <FormField id="user" label="User name (if not the address)" error={errors.user}>
        <input id="user" autoComplete="username" value={user} placeholder={email} aria-invalid={!!errors.user} aria-describedby={describedBy('user')} onChange={(e) => setUser(e.target.value)} />
      </FormField>
      <FormField id="password" label="Password" error={errors.password}>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          value={password}
          aria-invalid={!!errors.password}
          aria-describedby={describedBy('password')}
          onChange={(e) => setPassword(e.target.value)}
        />
      </FormField>
      {errors.form ? (
        <p className="field-error" id="form-error" role="alert" tabIndex={-1} data-testid="error-form">
          {errors.form}
        </p>
      ) : null}
      <div className="setup-actions">
        <button type="submit" className="primary" disabled={busy || !api}>
          {busy ? 'Checking the login…' : 'Add account'}
        </button>
        {hasAccounts ? (
          <button type="button" className="ghost" onClick={() => setUi({ view: 'mail' })}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
