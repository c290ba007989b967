// The one way out to the desktop: only https: and mailto: links are handed
// over; a mailto: loses any attach/attachment field; refusals are logged
// without the link itself.
import { describe, expect, it } from 'vitest';
import { createLogger, type LogFields } from '../../../electron/hub/logger';
import { createOpenExternal, externalUrl } from '../../../electron/main/security/open-external';

function setup() {
  const opened: string[] = [];
  const logs: Array<{ message: string; fields: LogFields }> = [];
  const logger = createLogger((_level, message, fields) => logs.push({ message, fields }), 'debug');
  const openExternal = createOpenExternal(async (url) => {
    opened.push(url);
  }, logger);
  return { openExternal, opened, logs };
}

describe('openExternal', () => {
  it('opens https: links in the desktop browser', () => {
    const { openExternal, opened } = setup();
    expect(openExternal('https://example.test/path?q=1#top')).toBe(true);
    expect(opened).toEqual(['https://example.test/path?q=1#top']);
  });

  it.each([
    'http://example.test/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'data:text/html,<script>alert(1)</script>',
    'app://mailmind/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    const { openExternal, opened } = setup();
    expect(openExternal(url)).toBe(false);
    expect(opened).toEqual([]);
  });

  it('logs a refusal with the scheme only, never the link', () => {
    const { openExternal, logs } = setup();
    openExternal('file:///home/someone/private-notes.txt');
    expect(logs).toEqual([{ message: 'refused to open a link', fields: { scheme: 'file:' } }]);
    expect(JSON.stringify(logs)).not.toContain('private-notes');
  });

  it('opens mailto: links', () => {
    const { openExternal, opened } = setup();
    expect(openExternal('mailto:bob@example.test?subject=Hello%20there&body=a+b')).toBe(true);
    // "+" stays a plus sign (RFC 6068): the query is not re-encoded.
    expect(opened).toEqual(['mailto:bob@example.test?subject=Hello%20there&body=a+b']);
  });

  it.each([
    ['mailto:bob@example.test?attach=/etc/passwd', 'mailto:bob@example.test'],
    ['mailto:bob@example.test?subject=Hi&attachment=%2Fhome%2Fme%2F.ssh%2Fid_rsa&body=x', 'mailto:bob@example.test?subject=Hi&body=x'],
    ['mailto:bob@example.test?ATTACH=C:\\secrets.txt&subject=Hi', 'mailto:bob@example.test?subject=Hi'],
    ['mailto:bob@example.test?att%61ch=/etc/shadow&cc=eve@example.test', 'mailto:bob@example.test?cc=eve@example.test'],
    ['mailto:bob@example.test?attach=/a&attach=/b', 'mailto:bob@example.test'],
  ])('drops attachment fields from %s', (url, expected) => {
    expect(externalUrl(url)).toBe(expected);
  });

  it('keeps reporting the failure of the desktop opener in the log', async () => {
    const logs: string[] = [];
    const logger = createLogger((_level, message) => logs.push(message), 'debug');
    const openExternal = createOpenExternal(() => Promise.reject(new Error('no handler')), logger);
    expect(openExternal('https://example.test/')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(logs).toEqual(['the desktop could not open a link']);
  });
});
