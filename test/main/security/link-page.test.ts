// Reading a link's real address from the renderer's link page URL.
import { describe, expect, it } from 'vitest';
import { linkPageTarget } from '../../../electron/main/security/link-page';

const APP = 'app://mailmind';

describe('linkPageTarget', () => {
  it('reads the real address of the app\'s own link page', () => {
    expect(linkPageTarget(`${APP}/link#to=${encodeURIComponent('https://example.test/a?b=c&d=e')}`, APP)).toBe('https://example.test/a?b=c&d=e');
    expect(linkPageTarget(`${APP}/link#to=${encodeURIComponent('mailto:bob@example.test')}`, APP)).toBe('mailto:bob@example.test');
  });

  it('is null for anything else: other pages, other origins, no target', () => {
    expect(linkPageTarget(`${APP}/index.html#to=https%3A%2F%2Fx.test`, APP)).toBeNull();
    expect(linkPageTarget('app://other/link#to=https%3A%2F%2Fx.test', APP)).toBeNull();
    expect(linkPageTarget('https://x.test/link#to=https%3A%2F%2Fx.test', APP)).toBeNull();
    expect(linkPageTarget(`${APP}/link`, APP)).toBeNull();
    expect(linkPageTarget('not a url', APP)).toBeNull();
  });
});
