// The page a link in a message opens (…/link#to=URL): the real address first,
// then the user decides. It needs no token and reads nothing but its fragment.
const OPENABLE = /^(?:https?:|mailto:)/i;
// Control and format characters (bidi overrides such as U+202E, zero-width ones): invisible, and
// some reorder what follows, so that "…/\u202Egnp.exe" read "…/exe.png". This page is where the
// real address is shown: each is written out instead.
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** `address` with each control or format character written out as [U+XXXX]. */
function visibleAddress(address: string): string {
  return address.replace(INVISIBLE, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

export function LinkConfirm() {
  const target = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('to') ?? '';
  const host = URL.canParse(target) ? new URL(target).host : '';
  const openable = OPENABLE.test(target);
  const shown = visibleAddress(target);
  return (
    <main className="link-confirm" data-testid="link-confirm">
      <h1>Open this link?</h1>
      {openable ? (
        <>
          <p>The link in the message goes to{host ? <> <strong data-testid="link-host">{host}</strong></> : null}:</p>
          <p className="real-url" data-testid="real-url" dir="ltr">
            {shown}
          </p>
          {shown !== target ? (
            <p role="alert" data-testid="hidden-characters">
              The address holds invisible characters that can change how it reads; they are shown as [U+…].
            </p>
          ) : null}
          <p className="muted">Check the address: a message can show one text and link somewhere else.</p>
          <div className="setup-actions">
            <button
              type="button"
              className="primary"
              data-testid="open-link"
              onClick={() => {
                window.open(target, '_blank', 'noopener,noreferrer');
                window.close();
              }}
            >
              Open link
            </button>
            <button type="button" className="ghost" onClick={() => window.close()}>
              Cancel
            </button>
          </div>
        </>
      ) : (
        <p role="alert">This link cannot be opened (only web and mail addresses can).</p>
      )}
    </main>
  );
}
