// Every link in a message, in its HTML (sanitize-html.ts) or found in its plain text
// (plain-text-links.ts), opens the app's link page (…/link#to=URL) in a new window: in a browser
// that page shows the real address before opening it (LinkConfirm.tsx), and the desktop shell
// reads the address from it and asks natively (electron/main/security/link-page.ts).

/** The only schemes a link in a message may open. */
export const SAFE_LINK = /^(?:https?:|mailto:)/i;

/** What a link in a message gets: its href (the link page), the window it opens in, and its real address as a tooltip. */
export interface LinkAttributes {
  href: string;
  target: '_blank';
  rel: 'noopener noreferrer';
  title: string;
}

/** The attributes of a link to `real` (an http(s): or mailto: address, trimmed) through `linkPage`. */
export function linkThroughPage(real: string, linkPage: string): LinkAttributes {
  return {
    href: `${linkPage}#to=${encodeURIComponent(real)}`,
    target: '_blank',
    rel: 'noopener noreferrer',
    // A tooltip is one line read left to right: newlines and bidi overrides could make it show another address.
    title: real.replace(/[\p{Cc}\p{Cf}]/gu, ''),
  };
}
