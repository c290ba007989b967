import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api/api-context';
import { addressLabel, readerDate } from '../mail/format';
import { backToList } from '../mail/list-focus';
import { isSenderTrusted, trustSender } from '../mail/image-choices';
import { errorInfo } from '../mail/mail-commands';
import { frameDocument, sanitizeEmailHtml } from '../mail/sanitize-html';
import { useCidImages } from '../mail/use-cid-images';
import { useMessageDetail } from '../mail/use-message-detail';
import { useHubState } from '../stores/hub-store';
import { isFlagged } from '../stores/mail-state';
import { useMail } from '../stores/use-mail';
import { setUi, uiStore } from '../stores/ui-store';
import { useUi } from '../stores/use-ui';
import { AttachmentList } from './AttachmentList';
import { MessageFrame } from './MessageFrame';
import { PlainTextBody } from './PlainTextBody';
import { RemoteImagesBar } from './RemoteImagesBar';

/** The page of this app that shows a link's real URL before opening it. */
function linkPageUrl(): string {
  return new URL('/link', window.location.href).toString();
}

/** Failures that end when the mail server or the hub is back: the reader then tries again by itself. */
const RETRIED_WHEN_BACK = new Set(['body_unavailable_offline', 'hub_unreachable']);

/** What the reader says when the body could not be opened. */
function failureText(error: { code: string; message: string }): string {
  switch (error.code) {
    case 'body_unavailable_offline':
      return 'This message has not been downloaded yet, and the mail server is not reachable. It will open when the server is back.';
    case 'hub_unreachable':
      return 'The app could not reach its mail service, so this message cannot be opened now. It will open when the service is back.';
    // The server is reachable: waiting for it to be "back" would wait forever.
    case 'body_fetch_failed':
      return `The mail server would not send this message (${error.message}). Try again later; if it keeps failing, the message may be damaged on the server.`;
    case 'message_too_large':
      return error.message;
    default:
      return `Could not open the message: ${error.message}`;
  }
}

/** The open message: headers, attachments, the body as sanitized HTML or plain text. */
export function Reader() {
  const api = useApi();
  const openId = useUi((state) => state.openId);
  const imagesLoaded = useUi((state) => (state.openId ? !!state.imagesLoadedFor[state.openId] : false));
  const summary = useMail((state) => (openId ? state.messages[openId] : undefined));
  const [attempt, setAttempt] = useState(0);
  const [plain, setPlain] = useState(false);
  const [trustVersion, setTrustVersion] = useState(0);
  const detailState = useMessageDetail(api, openId, attempt);
  // "It will open when the server is back": once the account is connected again, or the socket
  // to the hub has reopened, a body that could not be fetched is asked for again.
  const accountConnected = useMail((state) => {
    const account = summary ? state.accounts.find((a) => a.id === summary.accountId) : undefined;
    return account?.status.state === 'idle' || account?.status.state === 'syncing';
  });
  const hubOpens = useHubState((state) => state.openCount);
  const waitingForServer = useRef(false);
  waitingForServer.current = detailState?.status === 'failed' && RETRIED_WHEN_BACK.has(detailState.error.code);
  useEffect(() => {
    if (accountConnected && waitingForServer.current) setAttempt((n) => n + 1);
  }, [accountConnected, hubOpens]);
  const detail = detailState?.status === 'loaded' ? detailState.detail : null;
  const cidUrls = useCidImages(api, detail);
  const sender = detail?.message.from?.address ?? null;
  // trustVersion re-reads the per-sender choice after the user changes it.
  const allowRemote = imagesLoaded || (trustVersion >= 0 && isSenderTrusted(sender));

  const clean = useMemo(
    () => (detail?.html ? sanitizeEmailHtml(detail.html, { allowRemote, cidUrls, linkPage: linkPageUrl() }) : null),
    [detail, allowRemote, cidUrls],
  );
  const srcDoc = useMemo(() => (clean ? frameDocument(clean.html, allowRemote) : null), [clean, allowRemote]);

  if (!openId) return null;
  const message = detail?.message ?? summary;
  const showPlain = plain || !srcDoc;

  return (
    <section className="reader" aria-label="Reader" data-testid="reader" data-message-id={openId}>
      <header className="reader-head">
        <div className="reader-actions">
          <button type="button" className="ghost" onClick={backToList} aria-label="Close (Esc)">
            ✕
          </button>
          {detail?.html ? (
            <button type="button" className="ghost" onClick={() => setPlain(!plain)} data-testid="toggle-plain">
              {showPlain ? 'Show HTML' : 'Plain text'}
            </button>
          ) : null}
        </div>
        <h2 data-testid="reader-subject">
          {summary && isFlagged(summary) ? <span className="star on" aria-label="Starred">★ </span> : null}
          {message?.subject || '(no subject)'}
        </h2>
        {message ? (
          <dl className="headers">
            <dt>From</dt>
            <dd data-testid="reader-from">{message.from ? addressLabel(message.from) : '(no sender)'}</dd>
            {message.to.length > 0 ? (
              <>
                <dt>To</dt>
                <dd>{message.to.map(addressLabel).join(', ')}</dd>
              </>
            ) : null}
            {message.cc.length > 0 ? (
              <>
                <dt>Cc</dt>
                <dd>{message.cc.map(addressLabel).join(', ')}</dd>
              </>
            ) : null}
            <dt>Date</dt>
            <dd data-testid="reader-date">{readerDate(message.receivedAt, message.date)}</dd>
          </dl>
        ) : null}
        {detail ? <AttachmentList messageId={detail.message.id} attachments={detail.attachments} /> : null}
      </header>
      {detailState?.status === 'loading' ? <div className="reader-body muted">Loading…</div> : null}
      {detailState?.status === 'failed' ? (
        <div className="reader-body" role="alert" data-testid="reader-error">
          {failureText(detailState.error)}{' '}
          {/* Asking again cannot make a message smaller. */}
          {detailState.error.code === 'message_too_large' ? null : (
            <button type="button" onClick={() => setAttempt(attempt + 1)}>
              Retry
            </button>
          )}
        </div>
      ) : null}
      {detail && clean && !showPlain ? (
        <RemoteImagesBar
          blocked={allowRemote ? 0 : clean.blockedRemote}
          sender={sender}
          onLoad={() => setUi({ imagesLoadedFor: { ...uiStore.getState().imagesLoadedFor, [openId]: true } })}
          onTrustSender={() => {
            if (!sender) return;
            try {
              trustSender(sender);
            } catch (error) {
              console.warn('could not keep the sender choice', errorInfo(error).message);
            }
            setTrustVersion(trustVersion + 1);
          }}
        />
      ) : null}
      {detail && !showPlain && srcDoc ? <MessageFrame srcDoc={srcDoc} /> : null}
      {detail && showPlain ? (
        <PlainTextBody text={detail.text ?? (clean ? new DOMParser().parseFromString(clean.html, 'text/html').body.textContent : '') ?? ''} linkPage={linkPageUrl()} />
      ) : null}
    </section>
  );
}
