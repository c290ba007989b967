// The charset an HTML part declares in its own markup. Many HTML-only mailers declare it
// only there, with no charset parameter on Content-Type (or the us-ascii default, RFC 2045
// section 5.2); a browser would honour the <meta>, so the snippet and the reader do too.

import { isDefaultCharsetLabel, looksLikeUtf8Prefix } from './charset-decoding';

// WHATWG HTML's encoding prescan (section 13.2.3.2) reads the first 1024 bytes.
const PRESCAN_BYTES = 1024;
// <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
const META_CHARSET = /<meta\b[^<>]*?\bcharset\s*=\s*["']?\s*([^\s"'<>;/]+)/i;
// A document whose <meta> can be read as ASCII is not in UTF-16/32, whatever it says:
// WHATWG reads such a declaration as UTF-8.
const NOT_ASCII_COMPATIBLE = /^(?:utf-?(?:16|32)|ucs-?[24]|unicode)/i;

/** The charset a <meta> in the first KB of `html` declares, or null. */
export function htmlMetaCharset(html: Buffer): string | null {
  const charset = META_CHARSET.exec(html.toString('latin1', 0, PRESCAN_BYTES))?.[1];
  if (!charset) return null;
  return NOT_ASCII_COMPATIBLE.test(charset) ? 'utf-8' : charset;
}

/**
 * The charset to decode a text part's bytes with: the declared one, or for HTML that declares
 * none (or the us-ascii default) and is not UTF-8, the one its <meta> names. Only for bytes that
 * are not UTF-8: pages converted to UTF-8 often keep a stale <meta>. The snippet and the reader
 * both decode this way, so the list and the open message show the same words.
 */
export function textPartCharset(bytes: Buffer, declared: string, isHtml: boolean): string {
  if (!isHtml || !isDefaultCharsetLabel(declared) || looksLikeUtf8Prefix(bytes)) return declared;
  return htmlMetaCharset(bytes) ?? declared;
}
