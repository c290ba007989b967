// @vitest-environment jsdom
// Web and mail addresses in a plain-text body become links (they could not be clicked at all),
// through the same link page as links in HTML mail. What is around an address stays text: the
// punctuation after it, the brackets around it, and markup written in the text, which must never
// become an element.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PlainTextBody } from '../../renderer/src/components/PlainTextBody';
import { linkRuns, MAX_LINKS } from '../../renderer/src/mail/plain-text-links';
import { sanitizeEmailHtml } from '../../renderer/src/mail/sanitize-html';
import { GROWTH_LIMIT, growthFactor } from '../support/linear-growth';

const LINK_PAGE = 'http://127.0.0.1:4321/link';
const LONG_URL = `https://example.com/track?id=${'a1b2c3d4'.repeat(250)}`;

/** The addresses linkRuns finds in `text`. */
const linked = (text: string): string[] => linkRuns(text).flatMap((run) => (run.url === undefined ? [] : [run.url]));

afterEach(cleanup);

describe('the addresses found in plain text', () => {
  it('leaves the punctuation after an address, and brackets it did not open, out of it', () => {
    expect(linked('See https://example.com/docs.')).toEqual(['https://example.com/docs']);
    expect(linked('(details at https://example.com/a?b=1).')).toEqual(['https://example.com/a?b=1']);
    expect(linked('Is it http://example.com/x, or "https://example.com/y"?')).toEqual(['http://example.com/x', 'https://example.com/y']);
    expect(linked('Read https://en.wikipedia.org/wiki/Mail_(protocol) first.')).toEqual(['https://en.wikipedia.org/wiki/Mail_(protocol)']);
    expect(linked('“https://example.com/quoted”')).toEqual(['https://example.com/quoted']);
  });

  it('takes an address in angle brackets whole, to its ">"', () => {
    expect(linked('Unsubscribe: <https://example.com/u?list=news.>, or reply.')).toEqual(['https://example.com/u?list=news.']);
    expect(linkRuns('<mailto:help@example.test>')).toEqual([{ text: '<' }, { text: 'mailto:help@example.test', url: 'mailto:help@example.test' }, { text: '>' }]);
  });

  it('finds a 2,000-character address whole', () => {
    expect(LONG_URL.length).toBeGreaterThan(2000);
    expect(linked(`Track it here:\n${LONG_URL}\nThanks.`)).toEqual([LONG_URL]);
  });

  it('links only web and mail addresses that can be opened', () => {
    expect(linked('javascript:alert(1) data:text/html,x file:///etc/passwd ftp://example.com https:// mailto: xhttps://example.com')).toEqual([]);
  });

  it('stays linear on an address followed by a long run of closing brackets (hostile mail)', () => {
    const hostile = (size: number): string => `see http://example.test/${'('.repeat(3)}${')'.repeat(size)}.`;
    expect(linkRuns(hostile(10)).find((run) => run.url)?.url).toBe('http://example.test/((()))');
    expect(growthFactor(4000, hostile, (text) => void linkRuns(text))).toBeLessThan(GROWTH_LIMIT);
  });

  it('links the first addresses of a body full of them and leaves the rest text, so the window stays responsive', () => {
    const text = Array.from({ length: MAX_LINKS + 500 }, (_, i) => `https://example.test/${i}`).join(' ');
    const runs = linkRuns(text);
    expect(runs.filter((run) => run.url !== undefined)).toHaveLength(MAX_LINKS);
    expect(runs.map((run) => run.text).join('')).toBe(text);
  });

  it('keeps every character of the text, in order', () => {
    const text = `Hi,\n\nsee <https://example.com/a>, https://example.com/b). ${LONG_URL}\n-- \nmailto:me@example.test`;
    expect(linkRuns(text).map((run) => run.text).join('')).toBe(text);
  });
});

describe('a plain-text body in the reader', () => {
  it('links each address through the link page, as a link in HTML mail goes', () => {
    render(<PlainTextBody text={`Docs: https://example.com/docs?a=1&b=2. Mail <mailto:help@example.test>. Track: ${LONG_URL}`} linkPage={LINK_PAGE} />);
    const links = screen.getAllByTestId('plain-text-link');
    expect(links.map((a) => a.textContent)).toEqual(['https://example.com/docs?a=1&b=2', 'mailto:help@example.test', LONG_URL]);
    // The same attributes the HTML sanitizer gives the same link.
    const html = sanitizeEmailHtml('<a href="https://example.com/docs?a=1&amp;b=2">docs</a>', { allowRemote: false, cidUrls: {}, linkPage: LINK_PAGE }).html;
    const fromHtml = new DOMParser().parseFromString(html, 'text/html').querySelector('a')!;
    for (const name of ['href', 'target', 'rel', 'title']) expect(links[0]!.getAttribute(name), name).toBe(fromHtml.getAttribute(name));
    expect(links[0]!.getAttribute('href')).toBe(`${LINK_PAGE}#to=${encodeURIComponent('https://example.com/docs?a=1&b=2')}`);
    expect(links[2]!.getAttribute('href')).toBe(`${LINK_PAGE}#to=${encodeURIComponent(LONG_URL)}`);
    expect(screen.getByTestId('plain-text').textContent).toContain('. Mail <mailto:help@example.test>. Track: ');
  });

  it('shows markup in the text as text, also in and around an address', () => {
    const text = '<img src=x onerror="alert(1)"> https://example.com/"><script>alert(2)</script> <https://example.com/<b>bold</b>>';
    render(<PlainTextBody text={text} linkPage={LINK_PAGE} />);
    const body = screen.getByTestId('plain-text');
    expect(body.textContent).toBe(text);
    expect(body.querySelectorAll('*:not(a)')).toHaveLength(0);
    expect(screen.getAllByTestId('plain-text-link').map((a) => a.textContent)).toEqual(['https://example.com/', 'https://example.com/']);
  });
});
