// Where a reference in an email (an image's src, a CSS url(), an SVG href) may point: data: images,
// the message's own cid: parts, and remote addresses only once the user allows them. A remote one
// held back is counted, so the reader can offer to load it.

// Schemes the frame would fetch from the network; "http:x" and "\\host" count too (URL Standard: a
// special scheme needs no "//", and "\" is "/" there).
export const REMOTE = /^(?:https?:|[/\\]{2})/i;

/** Where a reference may point, and who counts the remote ones held back. */
export interface UrlPolicy {
  allowRemote: boolean;
  cidUrls: Readonly<Record<string, string>>;
  onBlocked: () => void;
  /** url(#id) kept: SVG gradients, filters, clips, masks and markers of the message itself. */
  localRefs?: boolean;
}

/** `value` as the URL parser reads it: C0 controls and spaces around it dropped, tabs and newlines in it removed. */
export function urlText(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end -= 1;
  return value.slice(start, end).replace(/[\t\n\r]/g, '');
}

/** The URL a reference may keep (data: images, cid: parts resolved, remote ones once allowed), or null; a remote one held back is counted. */
export function keptUrl(value: string, policy: UrlPolicy): string | null {
  const url = urlText(value);
  if (/^data:image\//i.test(url)) return url;
  if (/^cid:/i.test(url)) {
    const contentId = url.slice(4).replace(/^<|>$/g, '');
    return Object.hasOwn(policy.cidUrls, contentId) ? (policy.cidUrls[contentId] ?? null) : null;
  }
  if (REMOTE.test(url)) {
    if (policy.allowRemote) return /^[/\\]/.test(url) ? `https:${url}` : url;
    policy.onBlocked();
    return null;
  }
  return policy.localRefs && url.startsWith('#') ? url : null; // relative or unknown schemes: nothing to load
}
