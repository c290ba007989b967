// Links in a message point at the renderer's link page (…/link#to=URL, see
// renderer/src/mail/sanitize-html.ts), which in a browser shows the real
// address before opening it. In the desktop app that page never opens as a
// window: the shell reads the real address from it and asks the user natively.

/** The real address a link-page URL carries, or null when `url` is not the app's link page. */
export function linkPageTarget(url: string, appOrigin: string): string | null {
  const parsed = URL.parse(url);
  const origin = URL.parse(appOrigin);
  if (!parsed || !origin) return null;
  if (parsed.protocol !== origin.protocol || parsed.host !== origin.host || parsed.pathname !== '/link') return null;
  const target = new URLSearchParams(parsed.hash.replace(/^#/, '')).get('to');
  return target || null;
}
