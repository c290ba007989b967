// The one way out of the app to the rest of the desktop: links open in the
// user's browser or mail program, and only https: and mailto: links. Other
// schemes (file:, smb:, custom protocol handlers, javascript:) can launch
// programs or leak credentials, so they are refused.
import type { Logger } from '../../hub/logger';

/** Opens a URL with the desktop (shell.openExternal in the app). */
export type DesktopOpener = (url: string) => Promise<void>;

/** Hands `url` to the desktop when allowed; true when it was handed over. */
export type OpenExternal = (url: string) => boolean;

// RFC 6068 hfields some mail programs honour to attach a local file: a link in
// an email must not make the user send one of their files.
const attachmentFields = new Set(['attach', 'attachment']);

function fieldName(hfield: string): string {
  const name = hfield.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(name).toLowerCase();
  } catch {
    // A malformed escape cannot be decoded, and cannot name a safe field either.
    return 'attach';
  }
}

/**
 * A mailto: URL without its attach/attachment fields. The query is filtered
 * as raw text, not re-encoded: in mailto "+" is a plus sign, not a space.
 */
export function withoutAttachments(mailto: string): string {
  const query = mailto.indexOf('?');
  if (query < 0) return mailto;
  const kept = mailto
    .slice(query + 1)
    .split('&')
    .filter((hfield) => hfield !== '' && !attachmentFields.has(fieldName(hfield)));
  return kept.length > 0 ? `${mailto.slice(0, query)}?${kept.join('&')}` : mailto.slice(0, query);
}

/** What would be handed to the desktop for `url`, or null when it is refused. */
export function externalUrl(url: string): string | null {
  const parsed = URL.parse(url);
  if (!parsed) return null;
  if (parsed.protocol === 'https:') return parsed.href;
  if (parsed.protocol === 'mailto:') {
    parsed.hash = '';
    return withoutAttachments(parsed.href);
  }
  return null;
}

/** Creates the openExternal wrapper around the desktop opener. */
export function createOpenExternal(open: DesktopOpener, logger: Logger): OpenExternal {
  return (url) => {
    const allowed = externalUrl(url);
    // Log the scheme only: a link's path and query may be private.
    const scheme = URL.parse(url)?.protocol ?? 'unparsable';
    if (!allowed) {
      logger.warn('refused to open a link', { scheme });
      return false;
    }
    open(allowed).catch((error: unknown) => logger.warn('the desktop could not open a link', { scheme, reason: String(error) }));
    return true;
  };
}
