// Email HTML made safe to show: DOMPurify removes scripts, handlers and
// dangerous elements; these hooks also block remote content (images, CSS
// url() and image-set() in any spelling, @import, SVG images and url()
// attributes) until the user allows it, and send links through the
// "real URL first" page. The result is shown in a sandboxed iframe whose own
// CSP (frameDocument) blocks whatever might still slip through.
import DOMPurify from 'dompurify';
import { rewriteCss } from './css-references';
import { linkThroughPage, SAFE_LINK } from './link-page';
import { keptUrl, REMOTE, urlText } from './url-policy';

export interface SanitizeOptions {
  /** The user chose "load images" for this message or sender. */
  allowRemote: boolean;
  /** Inline parts by Content-ID, as data: URLs. */
  cidUrls: Readonly<Record<string, string>>;
  /** The page that shows a link's real URL before opening it (…/link). */
  linkPage: string;
}

export interface SanitizedHtml {
  html: string;
  /** Remote images and style references held back (0 when allowed). */
  blockedRemote: number;
}

const FORBID_TAGS = [
  'script', 'noscript', 'form', 'input', 'button', 'textarea', 'select', 'option', 'base', 'meta', 'link',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'audio', 'video', 'source', 'track', 'picture', 'portal',
];
const FORBID_ATTR = ['action', 'formaction', 'srcset', 'ping', 'http-equiv', 'autofocus'];

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
// SVG presentation attributes are CSS values (SVG 2, 6.6): these take url() (or an image, for mask).
const SVG_URL_ATTRIBUTES = ['fill', 'stroke', 'filter', 'clip-path', 'mask', 'marker-start', 'marker-mid', 'marker-end'];

/** CSS with @import gone and url()/image-set() references kept only when local (data:, cid:) or allowed. */
export function cleanCss(css: string, allowRemote: boolean, cidUrls: Readonly<Record<string, string>>, onBlocked: () => void, localRefs = false): string {
  // "expression(" keeps its "(": the parentheses stay in step with what the scanner read.
  return rewriteCss(css, { allowRemote, cidUrls, onBlocked, localRefs }).replace(/expression\s*\(|behavior\s*:|-moz-binding/gi, (found) => (found.endsWith('(') ? 'blocked(' : 'blocked'));
}

function resolveImageSource(src: string, options: SanitizeOptions, onBlocked: () => void): string | null {
  return keptUrl(src, { allowRemote: options.allowRemote, cidUrls: options.cidUrls, onBlocked });
}

/** Sanitizes one message's HTML for the reader frame. */
export function sanitizeEmailHtml(raw: string, options: SanitizeOptions): SanitizedHtml {
  const purifier = DOMPurify(window);
  let blockedRemote = 0;
  const onBlocked = (): void => {
    blockedRemote += 1;
  };

  purifier.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) node.textContent = cleanCss(node.textContent, options.allowRemote, options.cidUrls, onBlocked);
  });

  purifier.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    if (!element.getAttribute) return;
    const style = element.getAttribute('style');
    if (style) element.setAttribute('style', cleanCss(style, options.allowRemote, options.cidUrls, onBlocked));

    const tag = element.tagName.toLowerCase();
    if (element.namespaceURI === SVG_NAMESPACE) {
      for (const name of SVG_URL_ATTRIBUTES) {
        const value = element.getAttribute(name);
        if (value !== null) element.setAttribute(name, cleanCss(value, options.allowRemote, options.cidUrls, onBlocked, true));
      }
    }
    if (tag === 'img') {
      const src = element.getAttribute('src');
      const resolved = src ? resolveImageSource(src, options, onBlocked) : null;
      if (resolved) element.setAttribute('src', resolved);
      else {
        element.removeAttribute('src');
        if (src && REMOTE.test(urlText(src))) element.setAttribute('data-blocked', 'remote-image');
      }
    }
    const background = element.getAttribute('background');
    if (background !== null) {
      const resolved = resolveImageSource(background, options, onBlocked);
      if (resolved) element.setAttribute('background', resolved);
      else element.removeAttribute('background');
    }
    // Only the links below open a window, and only through the link page.
    element.removeAttribute('target');
    if (tag === 'a' || tag === 'area') {
      // An SVG link carries its address in xlink:href: it goes the same way as href, or a click
      // would open the sender's address without the page that shows where it really goes.
      const href = element.getAttribute('href') ?? element.getAttribute('xlink:href');
      element.removeAttribute('xlink:href');
      if (href !== null) element.setAttribute('href', href);
      if (href && SAFE_LINK.test(href.trim())) {
        for (const [name, value] of Object.entries(linkThroughPage(href.trim(), options.linkPage))) element.setAttribute(name, value);
      } else if (href && !href.startsWith('#')) {
        element.removeAttribute('href');
      }
    } else {
      // SVG <image href>, <feImage href> load images; <pattern xlink:href> and the like: only local references.
      for (const name of ['href', 'xlink:href']) {
        const value = element.getAttribute(name);
        if (value === null) continue;
        const resolved = tag === 'image' || tag === 'feimage' ? resolveImageSource(value, options, onBlocked) : value.startsWith('#') ? value : null;
        if (resolved) element.setAttribute(name, resolved);
        else element.removeAttribute(name);
      }
    }
  });

  const html = purifier.sanitize(raw, {
    FORBID_TAGS,
    FORBID_ATTR,
    FORCE_BODY: true, // a leading <style> stays (cleaned) instead of being dropped with <head>
    ALLOW_DATA_ATTR: false,
    ADD_ATTR: ['target'],
  });
  return { html, blockedRemote };
}

/** The frame's own policy: nothing but inline style and local images, plus remote images once allowed. */
export function frameCsp(allowRemote: boolean): string {
  return ["default-src 'none'", `img-src data: cid:${allowRemote ? ' https: http:' : ''}`, "style-src 'unsafe-inline'", "font-src data:"].join('; ');
}

/** The srcdoc of the reader frame. */
export function frameDocument(sanitizedBody: string, allowRemote: boolean, dark = false): string {
  const colors = dark ? 'color-scheme: light;' : '';
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${frameCsp(allowRemote)}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>html{${colors}}body{margin:16px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;background:#fff;overflow-wrap:anywhere}img{max-width:100%;height:auto}table{max-width:100%}pre{white-space:pre-wrap}</style>` +
    `</head><body>${sanitizedBody}</body></html>`
  );
}
