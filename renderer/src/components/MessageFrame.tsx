/**
 * Sanitized HTML in a sandboxed frame: no scripts, no same-origin access (an
 * opaque origin), popups only for links (which open the "real URL" page), and
 * a CSP inside the frame (frameDocument) on top of the page's own.
 */
export function MessageFrame({ srcDoc }: { srcDoc: string }) {
  return (
    <iframe
      className="message-frame"
      title="Message body"
      data-testid="message-frame"
      sandbox="allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
    />
  );
}
