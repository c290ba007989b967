// @vitest-environment jsdom
// Remote references the first url() scanner missed: CSS escapes ("u\72l(" is url(), CSS Syntax 4.3),
// bare strings in image-set(), SVG attributes that load, @import in other spellings. Each is held
// back and counted, so the reader offers "load images", and each image loads once allowed. The scanner
// now reads strings and comments as the browser does: these must never hide a reference from it.
import { describe, expect, it } from 'vitest';
import { sanitizeEmailHtml } from '../../renderer/src/mail/sanitize-html';
import { GROWTH_LIMIT, growthFactor } from '../support/linear-growth';

const options = { allowRemote: false, cidUrls: { 'logo@x': 'data:image/png;base64,BBBB' }, linkPage: 'http://127.0.0.1:9/link' };
const sanitize = (raw: string, allowRemote = false) => sanitizeEmailHtml(raw, { ...options, allowRemote });
/** Every piece of CSS in sanitized HTML, as the frame reads it: <style> text, then attribute values. */
const cssOf = (html: string): string => {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const sheets = [...doc.querySelectorAll('style')].map((style) => style.textContent);
  const attributes = [...doc.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => attribute.value));
  return [...sheets, ...attributes].join('\n');
};

describe('remote references written with CSS escapes', () => {
  const raw = [
    '<p style="background:u\\72l(http://t/e1.png)">1</p>',
    '<p style="background:\\75rl(\'http://t/e2.png\')">2</p>',
    '<p style="background:\\55 \\52 \\4C (http://t/e3.png)">3</p>', // hex escapes eat one space after them
    '<p style="background:u\\000072l(http://t/e4.png)">4</p>',
    '<p style="background:u\\rl(http://t/e5.png)">5</p>', // "\r" is an escaped r
    '<p style="background:url(http\\3a //t/e6.png)">6</p>',
    '<style>p{background-image:\\75\\72\\6c("http://t/e7.png")}</style>',
  ].join('');

  it('holds them back and counts each one', () => {
    const { html, blockedRemote } = sanitize(raw);
    expect(html).not.toMatch(/e\d\.png/);
    expect(blockedRemote).toBe(7);
  });

  it('loads them once allowed, written plainly', () => {
    const { html, blockedRemote } = sanitize(raw, true);
    for (let n = 1; n <= 7; n += 1) expect(cssOf(html)).toContain(`url("http://t/e${n}.png")`);
    expect(blockedRemote).toBe(0);
  });
});

describe('image-set() with bare strings', () => {
  const raw =
    '<p style="background-image:image-set(&quot;http://t/s1.png&quot; 1x, url(http://t/s2.png) 2x)">1</p>' +
    '<style>a{background:-webkit-image-set(\'//t/s3.png\' 1x)} b{background:-webkit-im\\61ge-set("http://t/s4.png" 1x)}' +
    ' i{background:image-set("data:image/png;base64,AA" type("image/png") 1x, "cid:logo@x" 2x)}</style>';

  it('holds back and counts each remote string, and keeps local ones and type()', () => {
    const { html, blockedRemote } = sanitize(raw);
    expect(html).not.toMatch(/s\d\.png/);
    expect(blockedRemote).toBe(4);
    expect(cssOf(html)).toContain('image-set("data:image/png;base64,AA" type("image/png") 1x, "data:image/png;base64,BBBB" 2x)');
  });

  it('loads them once allowed', () => {
    const { html, blockedRemote } = sanitize(raw, true);
    const css = cssOf(html);
    expect(css).toContain('image-set("http://t/s1.png" 1x, url("http://t/s2.png") 2x)');
    expect(css).toContain('-webkit-image-set("https://t/s3.png" 1x)');
    expect(css).toContain('"http://t/s4.png" 1x)');
    expect(blockedRemote).toBe(0);
  });
});

describe('image-set() filled in later', () => {
  it('makes no image of var(), its fallback, if() or a custom function, which could put a URL string there', () => {
    const raw =
      '<style>p{--s:"http://t/p1.png";background-image:image-set(var(--s) 1x)} @function --f() { result: "http://t/p2.png"; } q{background-image:image-set(--f() 1x)}</style>' +
      '<p style="background-image:image-set(var(--none, &quot;http://t/p3.png&quot;) 1x), -webkit-image-set(if(style(--x:1): &quot;http://t/p4.png&quot;) 1x)">x</p>' +
      '<p style="background-image:image-set(linear-gradient(red, var(--c)) 1x, &quot;data:image/png;base64,AA&quot; type(&quot;image/png&quot;) 2x)">y</p>';
    for (const allowRemote of [false, true]) {
      const css = cssOf(sanitize(raw, allowRemote).html);
      expect(css).not.toMatch(/image-set\((?:var|--f|if)\(/);
      expect(css).toContain('image-set(none(--s) 1x)');
      expect(css).toContain('image-set(none() 1x)');
      expect(css).toContain('image-set(linear-gradient(red, var(--c)) 1x, "data:image/png;base64,AA" type("image/png") 2x)');
    }
  });
});

describe('SVG that loads', () => {
  const raw =
    '<svg><image href="http://t/v1.png"/><image xlink:href="http://t/v2.png"/><filter id="f"><feImage href="http://t/v3.png"/></filter>' +
    '<rect fill="url(http://t/v4.svg#p)" filter="u\\72l(http://t/v5.svg#f)" mask="url(\'http://t/v6.png\')" stroke="image-set(&quot;http://t/v7.png&quot; 1x)"' +
    ' clip-path="url(#c)" style="fill:url(http://t/v8.svg#g)"/><style>rect{stroke:u\\72l(http://t/v9.svg#s)}</style></svg>';

  it('holds back and counts image, feImage, url() in presentation attributes, style attributes and <style>', () => {
    const { html, blockedRemote } = sanitize(raw);
    expect(html).not.toMatch(/v\d\.(png|svg)/);
    expect(blockedRemote).toBe(9);
  });

  it('keeps references inside the message (url(#id)) as they were', () => {
    const { html } = sanitize('<svg><linearGradient id="g"></linearGradient><rect fill="url(#g)" clip-path="url( \'#c\' )" filter="url(#f)"/></svg>');
    const rect = new DOMParser().parseFromString(html, 'text/html').querySelector('rect');
    expect(rect?.getAttribute('fill')).toMatch(/^url\(\s*["']?#g["']?\s*\)$/);
    expect(rect?.getAttribute('clip-path')).toMatch(/^url\(\s*["']?#c["']?\s*\)$/);
    expect(rect?.getAttribute('filter')).toMatch(/^url\(\s*["']?#f["']?\s*\)$/);
  });

  it('loads the images once allowed', () => {
    const { html, blockedRemote } = sanitize(raw, true);
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect([...doc.querySelectorAll('image')].map((image) => image.getAttribute('href') ?? image.getAttribute('xlink:href'))).toEqual(['http://t/v1.png', 'http://t/v2.png']);
    expect(doc.querySelector('feImage')?.getAttribute('href')).toBe('http://t/v3.png');
    expect(doc.querySelector('rect')?.getAttribute('mask')).toBe('url("http://t/v6.png")');
    expect(blockedRemote).toBe(0);
  });
});

describe('@import', () => {
  it('is removed and counted in every spelling, even when remote content is allowed', () => {
    const raw = '<style>@import "http://t/i1.css"; @\\69mport \'http://t/i2.css\'; @IMPORT url(http://t/i3.css) screen; p{color:red}</style>';
    for (const allowRemote of [false, true]) {
      const { html, blockedRemote } = sanitize(raw, allowRemote);
      expect(html).not.toMatch(/i\d\.css|import/i);
      expect(html).toContain('p{color:red}');
      expect(blockedRemote).toBe(3);
    }
  });
});

describe('strings and comments', () => {
  it('cannot hide a reference from the scanner', () => {
    const hidden = [
      'a{x:"/*"} b{background:url(http://t/h1.png)} c{x:"*/"}', // a comment opener inside a string
      'a{x:1} /* " */ b{background:url(http://t/h2.png)} /* " */', // quotes inside comments
      'a\\"b{background:url(http://t/h3.png)} c{x:"}', // an escaped quote starts no string
      'a{content:"one\n b{background:url(http://t/h4.png)}', // a newline ends a string
      'a{background:url(x"y) url(http://t/h5.png)} b{x:"}', // a bad url() ends at ")", its quote starts no string
    ];
    for (const css of hidden) {
      const { html, blockedRemote } = sanitize(`<style>${css}</style>`);
      expect(html, css).not.toMatch(/h\d\.png/);
      expect(blockedRemote, css).toBe(1);
    }
  });

  it('leave a url( written inside them as it is, and count nothing', () => {
    const { html, blockedRemote } = sanitize('<style>a::after{content:"see url(http://t/text) please"} /* url(http://t/comment) */ b{font-family:\'Segoe UI\'}</style>');
    expect(html).toContain('content:"see url(http://t/text) please"');
    expect(html).toContain("font-family:'Segoe UI'");
    expect(blockedRemote).toBe(0);
  });

  it('cannot smuggle markup out of a <style> through decoded escapes', () => {
    const { html } = sanitize('<style>p{background:url("data:image/png,\\3c/style\\3e\\3cimg src=http://t/x.png\\3e")}</style><p>x</p>');
    const doc = new DOMParser().parseFromString(html, 'text/html');
    expect(doc.querySelectorAll('img')).toHaveLength(0);
    expect(doc.querySelectorAll('style')).toHaveLength(1);
  });
});

describe('the scanner', () => {
  it('stays linear on escapes, image-set(, strings, comments and @import left open', () => {
    const forms = ['u\\72l(', '-webkit-image-set(', 'image-set(var(', '"', "'", '/*', '@\\69mport ', 'url("a" ', '\\', 'image-set("http://t/a.png" '];
    for (const form of forms) {
      const hostile = (size: number) => `<style>p{background:${form.repeat(size)}}</style><svg><rect fill="${form.repeat(size).replace(/"/g, '&quot;')}"/></svg>`;
      expect(growthFactor(1000, hostile, (raw) => sanitizeEmailHtml(raw, options)), form).toBeLessThan(GROWTH_LIMIT);
    }
  });
});
