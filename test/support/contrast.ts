// WCAG 2 contrast of what Chromium paints, from getComputedStyle: the element's color over the
// backgrounds of it and its ancestors, composed as the browser composes them.
import type { Locator } from 'playwright-core';

type Rgba = [number, number, number, number];
type Rgb = [number, number, number];

// Colors as Chromium computes them: rgb()/rgba(), or color(srgb …) for color-mix().
function parseColor(text: string): Rgba {
  const rgb = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(text);
  if (rgb) return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3]), rgb[4] === undefined ? 1 : Number(rgb[4])];
  const srgb = /^color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)(?: \/ ([\d.]+))?\)$/.exec(text);
  if (srgb) return [Number(srgb[1]) * 255, Number(srgb[2]) * 255, Number(srgb[3]) * 255, srgb[4] === undefined ? 1 : Number(srgb[4])];
  throw new Error(`unparsed color ${text}`);
}

/** `top` over `bottom` (source-over). */
function over(top: Rgba, bottom: Rgb): Rgb {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a)];
}

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const channel = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/**
 * The contrast of the element's text (or of a glyph drawn in its color, such as the star) against
 * what is painted behind it (its and its ancestors' backgrounds, over the white canvas).
 */
export async function textContrast(locator: Locator): Promise<number> {
  const { color, backgrounds } = await locator.evaluate((element) => {
    const layers: string[] = [];
    for (let at: Element | null = element; at; at = at.parentElement) layers.push(getComputedStyle(at).backgroundColor);
    return { color: getComputedStyle(element).color, backgrounds: layers };
  });
  let behind: Rgb = [255, 255, 255];
  for (const layer of backgrounds.reverse()) behind = over(parseColor(layer), behind);
  const text = over(parseColor(color), behind);
  const [light, dark] = [luminance(text), luminance(behind)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
