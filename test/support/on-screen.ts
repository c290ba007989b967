// What a user can see of an element in Chromium: whether it is in view and not clipped or
// covered, and whether a piece of its text shows whole (not cut off, not under an ellipsis).
import type { Locator } from 'playwright-core';

/**
 * Why a user could not see or click the element: outside the window, cut off by a box that
 * clips its content (overflow other than visible), or covered by something else. Null if in full view.
 */
export function hiddenBecause(locator: Locator): Promise<string | null> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return 'not rendered';
    if (getComputedStyle(element).visibility !== 'visible') return 'invisible';
    if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight) return `outside the window (${JSON.stringify(box)})`;
    for (let outer = element.parentElement; outer; outer = outer.parentElement) {
      const style = getComputedStyle(outer);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = outer.getBoundingClientRect();
      const right = clip.left + outer.clientLeft + outer.clientWidth;
      const bottom = clip.top + outer.clientTop + outer.clientHeight;
      if (box.left < clip.left - 0.5 || box.top < clip.top - 0.5 || box.right > right + 0.5 || box.bottom > bottom + 0.5) return `cut off by .${outer.className}`;
    }
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (!hit || !(hit === element || element.contains(hit))) return `covered by .${hit?.className ?? 'nothing'}`;
    return null;
  });
}

export async function whatIsHidden(scope: { getByTestId(id: string): Locator }, testIds: string[]): Promise<Record<string, string>> {
  const hidden: Record<string, string> = {};
  for (const id of testIds) {
    const why = await hiddenBecause(scope.getByTestId(id));
    if (why) hidden[id] = why;
  }
  return hidden;
}

/**
 * Why the first occurrence of `text` in the element does not show whole: not there, or some of
 * it outside a box that clips it, or under the ellipsis of a box that cuts its text
 * (text-overflow: ellipsis). Null when every character of it is on screen.
 */
export function textCutBecause(locator: Locator, text: string): Promise<string | null> {
  return locator.evaluate((element, wanted) => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      // Where the characters are laid out, whether or not a box shows them.
      const box = range.getBoundingClientRect();
      for (let outer = node.parentElement; outer; outer = outer.parentElement) {
        const style = getComputedStyle(outer);
        if (style.overflowX === 'visible') continue;
        // What the box shows: its padding box.
        const left = outer.getBoundingClientRect().left + outer.clientLeft;
        let right = left + outer.clientWidth;
        // A cut line ends in "…" at its content box's end, drawn over the characters it replaces.
        if (style.textOverflow === 'ellipsis' && outer.scrollWidth > outer.clientWidth) {
          right -= parseFloat(style.paddingRight);
          const probe = document.createElement('span');
          probe.textContent = '…';
          probe.style.font = style.font;
          probe.style.position = 'absolute';
          document.body.append(probe);
          right -= probe.getBoundingClientRect().width;
          probe.remove();
        }
        if (box.left < left - 0.5 || box.right > right + 0.5) return `"${wanted}" (${Math.round(box.left)}–${Math.round(box.right)}) cut by .${outer.className} (${Math.round(left)}–${Math.round(right)})`;
      }
      return null;
    }
    return `no "${wanted}" in ${JSON.stringify(element.textContent)}`;
  }, text);
}
