// Inline images (cid: references) become data: URLs: the sandboxed frame
// cannot fetch from the hub (that needs the token), and data: is all its CSP allows.
import { useEffect, useState } from 'react';
import type { AttachmentInfo, MessageDetailResponse } from '../../../shared/api';
import type { ApiClient } from '../api/api-client';

function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/**
 * The part's type as a data: URL may carry it: the sender writes it, and a type such as
 * `image/x")}*{…}` ended the url("…") the sanitizer wraps the data: URL in.
 */
export function imageType(contentType: string): string {
  return /^image\/[a-z0-9.+-]+$/i.test(contentType) ? contentType : 'application/octet-stream';
}

/** An inline image larger than this stays a blank (as a remote one held back does); the file is still in the attachment list. */
export const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024;
/** All of a message's inline images together: each becomes a base64 data: URL in this window's memory. */
export const MAX_INLINE_IMAGES_BYTES = 25 * 1024 * 1024;

/**
 * The image parts the HTML shows by cid:, in order, within the size limits: a message naming a
 * hundred 20 MB "images" made the window download and base64-encode all of them.
 */
export function inlineImagesWanted(detail: MessageDetailResponse): AttachmentInfo[] {
  const html = detail.html ?? '';
  let total = 0;
  return detail.attachments.filter((a) => {
    if (!a.contentId || !a.contentType.startsWith('image/') || !html.includes(`cid:${a.contentId}`)) return false;
    if (a.size > MAX_INLINE_IMAGE_BYTES || total + a.size > MAX_INLINE_IMAGES_BYTES) return false;
    total += a.size;
    return true;
  });
}

export function useCidImages(api: ApiClient | null, detail: MessageDetailResponse | null): Record<string, string> {
  const [urls, setUrls] = useState<{ id: string; map: Record<string, string> } | null>(null);
  const id = detail?.message.id ?? null;
  useEffect(() => {
    if (!api || !detail?.html) return undefined;
    const wanted = inlineImagesWanted(detail);
    if (wanted.length === 0) return undefined;
    let live = true;
    void Promise.all(
      wanted.map(async (a) => {
        const blob = await api.getAttachment(detail.message.id, a.index);
        return [a.contentId!, await toDataUrl(new Blob([blob], { type: imageType(a.contentType) }))] as const;
      }),
    ).then(
      (entries) => live && setUrls({ id: detail.message.id, map: Object.fromEntries(entries) }),
      (error: unknown) => console.warn('inline images not loaded', String(error)),
    );
    return () => {
      live = false;
    };
  }, [api, detail]);
  return urls && urls.id === id ? urls.map : NO_IMAGES;
}

/**
 * One object for "no inline images": the reader sanitizes again when this changes, and a new
 * {} at every render re-sanitized the whole message at each star, read or arrival.
 */
const NO_IMAGES: Record<string, string> = Object.freeze({});
