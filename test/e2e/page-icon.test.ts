// The page's icon, in Chromium against the built hub: the page names the app's icon (a built
// asset), so the browser no longer asks the hub for /favicon.ico on every load, a 404 and an
// error in the console. Playwright leaves the browser's own icon request out of its request
// events: the page's DevTools Network domain reports it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHubWithoutAccount, type HubWithoutAccount } from '../support/mail-ui';

let hub: HubWithoutAccount;

beforeAll(async () => {
  hub = await startHubWithoutAccount({}, 'mailmind-page-icon-');
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

it('asks for no /favicon.ico: the page names the app’s icon, which the hub serves', async () => {
  const page = await hub.browser.newPage({ viewport: { width: 1200, height: 800 } });
  try {
    const requested: string[] = [];
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
    });
    const devtools = await page.context().newCDPSession(page);
    devtools.on('Network.requestWillBeSent', (event) => requested.push(new URL(event.request.url).pathname));
    await devtools.send('Network.enable');
    await page.goto(`${hub.serve.origin}/#token=${hub.serve.token}`);
    await page.getByTestId('setup-form').waitFor();

    const iconPath = await page.evaluate(() => {
      const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
      return link ? new URL(link.href).pathname : null;
    });
    // Once the page has loaded, the browser asks for the icon it names, or else for /favicon.ico.
    await expect.poll(() => requested.some((path) => path === '/favicon.ico' || path === iconPath), { timeout: 10_000 }).toBe(true);
    expect(requested.filter((path) => path === '/favicon.ico')).toEqual([]);
    expect(iconPath).toMatch(/\.png$/);
    const icon = await page.evaluate(async (path) => {
      const response = await fetch(path);
      return { status: response.status, type: response.headers.get('Content-Type') };
    }, iconPath!);
    expect(icon).toEqual({ status: 200, type: 'image/png' });
    expect(consoleErrors).toEqual([]);
  } finally {
    await page.close();
  }
});
