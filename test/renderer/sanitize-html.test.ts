// @vitest-environment jsdom
// The sanitizer on its own: what is removed, what is held back until allowed, where links go.
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MessageDetailResponse } from '../../shared/api';
import { cleanCss, frameCsp, frameDocument, sanitizeEmailHtml } from '../../renderer/src/mail/sanitize-html';
import { imageType, inlineImagesWanted, MAX_INLINE_IMAGE_BYTES, useCidImages } from '../../renderer/src/mail/use-cid-images';
import { GROWTH_LIMIT, growthFactor } from '../support/linear-growth';

const options = { allowRemote: false, cidUrls: {}, linkPage: 'http://127.0.0.1:9/link' };

describe('sanitizeEmailHtml', () => {
  it('removes scripts, handlers, forms, frames, base, meta and javascript: links', () => {
    const { html } = sanitizeEmailHtml(
      `<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)></svg><form action="http://x/"><input></form>
       <iframe src="http://x/"></iframe><object data="http://x/"></object><embed src="http://x/"><base href="http://x/">
       <meta http-equiv="refresh" content="0;url=http://x/"><a href="javascript:alert(1)">js</a><link rel=stylesheet href="http://x/a.css">`,
      options,
    );
    expect(html).not.toMatch(/<script|onerror|onload|<form|<input|<iframe|<object|<embed|<base|<meta|javascript:|<link/i);
    expect(html).toContain('>js</a>');
  });

  it('holds back remote images, CSS url() and @import until allowed, and counts them', () => {
    const raw = `<style>@import url(http://t/x.css); p { background: url('https://t/bg.png') }</style><p style="background:url(http://t/s.png)">x</p><img src="http://t/pixel.gif"><img src="//t/proto.gif"><table background="http://t/bg.gif"></table>`;
    const blocked = sanitizeEmailHtml(raw, options);
    expect(blocked.html).not.toMatch(/http:\/\/t|https:\/\/t|\/\/t\//);
    expect(blocked.html).toContain('data-blocked="remote-image"');
    expect(blocked.blockedRemote).toBe(6);
    const allowed = sanitizeEmailHtml(raw, { ...options, allowRemote: true });
    expect(allowed.html).toContain('src="http://t/pixel.gif"');
    expect(allowed.html).toContain('src="https://t/proto.gif"');
    expect(allowed.html).toContain('https://t/bg.png');
    expect(allowed.html).not.toContain('@import'); // never, even when allowed
    expect(allowed.blockedRemote).toBe(1);
  });

  it('keeps data: images and resolves cid: ones to the data URLs given', () => {
    const { html } = sanitizeEmailHtml('<img src="cid:logo@x"><img src="cid:missing@x"><img src="data:image/png;base64,AAAA">', {
      ...options,
      cidUrls: { 'logo@x': 'data:image/png;base64,BBBB' },
    });
    expect(html).toContain('src="data:image/png;base64,BBBB"');
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).not.toContain('cid:');
  });

  it('sends web and mail links through the real-URL page in a new window, with the real URL as title', () => {
    const { html } = sanitizeEmailHtml('<a href="https://bank.example/login?a=1&b=2">Your bank</a><a href="relative">r</a><a href="#top">t</a>', options);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const [bank, relative, fragment] = [...doc.querySelectorAll('a')];
    expect(bank?.getAttribute('href')).toBe(`http://127.0.0.1:9/link#to=${encodeURIComponent('https://bank.example/login?a=1&b=2')}`);
    expect(bank?.getAttribute('target')).toBe('_blank');
    expect(bank?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(bank?.getAttribute('title')).toBe('https://bank.example/login?a=1&b=2');
    expect(relative?.hasAttribute('href')).toBe(false);
    expect(fragment?.getAttribute('href')).toBe('#top');
  });

  it('sends SVG links (xlink:href) through the real-URL page too, and keeps no target of the sender', () => {
    const { html } = sanitizeEmailHtml(
      '<svg><a xlink:href="https://evil.example/" target="_blank"><rect width="200" height="50"/></a></svg><p target="_top">p</p><a href="#x" target="_parent">f</a>',
      options,
    );
    expect(html).not.toMatch(/xlink:href|_top|_parent/);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const svgLink = doc.querySelector('svg a');
    expect(svgLink?.getAttribute('href')).toBe(`http://127.0.0.1:9/link#to=${encodeURIComponent('https://evil.example/')}`);
    expect(svgLink?.getAttribute('target')).toBe('_blank');
    expect(html.match(/target=/g)).toHaveLength(1);
  });
});

describe('the frame document', () => {
  it('carries a CSP that allows remote images only once chosen', () => {
    expect(frameCsp(false)).toBe("default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:");
    expect(frameCsp(true)).toContain('img-src data: cid: https: http:');
    expect(frameDocument('<p>x</p>', false)).toContain(`content="${frameCsp(false)}"`);
  });

  it('neutralizes CSS expressions and bindings', () => {
    expect(cleanCss('width: expression(alert(1)); -moz-binding: url(x)', false, {}, () => undefined)).not.toMatch(/expression\(|-moz-binding/);
  });

  it('reads every form of url(), and leaves one that is not closed harmless', () => {
    let blocked = 0;
    const clean = (css: string) => cleanCss(css, false, { 'logo@x': 'data:image/png;base64,AA' }, () => (blocked += 1));
    expect(clean('a{background:URL( "http://t/a.png" )} b{background:url(\'//t/b.png\')} c{background:url(http://t/c.png)}')).toBe(
      'a{background:none} b{background:none} c{background:none}',
    );
    expect(blocked).toBe(3);
    expect(clean('a{background:url(cid:logo@x)} b{background:url("data:image/gif;base64,R0")}')).toBe(
      'a{background:url("data:image/png;base64,AA")} b{background:url("data:image/gif;base64,R0")}',
    );
    for (const open of ['a{background:url("http://t/x.png)}', 'a{background:url(http://t/x.png}', 'a{background:url(http://t/(x).png)}']) {
      expect(clean(open), open).not.toMatch(/url\(/i);
    }
  });

  it('stays linear on CSS full of url( left open (80 KB froze the window for seconds)', () => {
    const hostile = (size: number) => `<style>p{background:${'url('.repeat(size)}}</style><p style="${'url(&quot;'.repeat(size)}">x</p>`;
    expect(growthFactor(1000, hostile, (raw) => sanitizeEmailHtml(raw, options))).toBeLessThan(GROWTH_LIMIT);
  });

  it('keeps no newline or bidi override in the tooltip of a link', () => {
    const { html } = sanitizeEmailHtml(`<a href="https://bank.example/\u202Eexe.pdf">x</a><a href="${'https://bank.example\n'.repeat(1)}.evil.example/">y</a>`, options);
    const titles = [...new DOMParser().parseFromString(html, 'text/html').querySelectorAll('a')].map((a) => a.getAttribute('title'));
    expect(titles).toEqual(['https://bank.example/exe.pdf', 'https://bank.example.evil.example/']);
  });
});

describe('useCidImages', () => {
  it('fetches only the inline images the HTML shows, none over 10 MB, and 25 MB in all at most', () => {
    const part = (index: number, size: number, contentId: string | null = `i${index}`, contentType = 'image/png') => ({ index, filename: `image-${index}.png`, contentType, size, contentId, disposition: 'inline' as const });
    const MB = 1024 * 1024;
    const attachments = [part(0, MB), part(1, MAX_INLINE_IMAGE_BYTES + 1), part(2, 9 * MB), part(3, 9 * MB), part(4, 9 * MB), part(5, MB, null), part(6, MB, 'i6', 'text/html'), part(7, MB), part(8, MB)];
    const html = attachments.filter((a) => a.index !== 8).map((a) => `<img src="cid:${a.contentId ?? ''}">`).join('');
    const detail = { message: { id: 'm1' }, html, attachments } as unknown as MessageDetailResponse;
    expect(inlineImagesWanted(detail).map((a) => a.index)).toEqual([0, 2, 3, 7]);
  });

  it('keeps an inline image part\'s type only when it is a plain image type (it goes into CSS url("…"))', () => {
    expect(imageType('image/png')).toBe('image/png');
    expect(imageType('image/svg+xml')).toBe('image/svg+xml');
    expect(imageType('image/x")}*{background:red}/*')).toBe('application/octet-stream');
    expect(imageType('text/html')).toBe('application/octet-stream');
  });

  it('answers the same object at every render when a message has no inline images (the reader sanitizes again when it changes)', () => {
    const detail = { message: { id: 'm1' }, html: '<p>hi</p>', attachments: [] } as unknown as MessageDetailResponse;
    const { result, rerender } = renderHook(() => useCidImages(null, detail));
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
  });
});
