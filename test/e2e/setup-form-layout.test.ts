// The account form's server row (IMAP server, Port, Security), in Chromium against the built hub:
// when one of the three showed an error under it, the other two stretched to the height of the
// field with its error (to about 95 px) and no longer lined up with it. The three keep their
// height now, side by side, with the error under its own field.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHubWithoutAccount, type HubWithoutAccount } from '../support/mail-ui';

const ROW = ['host', 'port', 'security'] as const;
let hub: HubWithoutAccount;
let page: Page;
/** The row as the form first shows it, no error in it. */
let atRest: Awaited<ReturnType<typeof rowBoxes>>;

beforeAll(async () => {
  hub = await startHubWithoutAccount({}, 'mailmind-setup-form-layout-');
  page = await hub.openPage(1200);
  await page.getByTestId('setup-form').waitFor();
  atRest = await rowBoxes();
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

/** The top and height of the row's three controls (input, input, select). */
function rowBoxes(): Promise<Record<(typeof ROW)[number], { top: number; height: number }>> {
  return page.evaluate((ids) => {
    const boxes = ids.map((id) => {
      const box = document.getElementById(id)!.getBoundingClientRect();
      return [id, { top: Math.round(box.top * 10) / 10, height: Math.round(box.height * 10) / 10 }];
    });
    return Object.fromEntries(boxes) as Record<(typeof ids)[number], { top: number; height: number }>;
  }, ROW);
}

async function fillAndSubmit(fields: { host: string; port: string; security: string }): Promise<void> {
  await page.getByLabel('Provider').selectOption('other');
  await page.getByLabel('Email address').fill(hub.dovecot.users[0]!.user);
  await page.getByLabel('IMAP server').fill(fields.host);
  await page.getByLabel('Port').fill(fields.port);
  await page.getByLabel('Security').selectOption(fields.security);
  await page.getByLabel('Password').fill('wrong');
  await page.getByTestId('setup-form').getByRole('button', { name: 'Add account' }).click();
}

it('lines up the server, port and security fields, each as tall as the email field', async () => {
  const email = (await page.getByLabel('Email address').boundingBox())!;
  expect(atRest.port).toEqual(atRest.host);
  expect(atRest.security).toEqual(atRest.host);
  expect(atRest.host.height).toBeCloseTo(email.height, 0);
});

const CASES = [
  // The form's own check.
  { field: 'host', fields: { host: '', port: '993', security: 'tls' } },
  // The hub's: nothing listens on port 1 ("refused the connection… Is the port right?").
  { field: 'port', fields: { host: '127.0.0.1', port: '1', security: 'none' } },
  // The hub's: no clear-text password to a server on another computer.
  { field: 'security', fields: { host: 'imap.example.com', port: '143', security: 'none' } },
] as const;

for (const { field, fields } of CASES) {
  it(`with an error under ${field}: the three fields keep their height and line up, the error below its field`, async () => {
    await fillAndSubmit(fields);
    const error = page.getByTestId(`error-${field}`);
    await error.waitFor({ timeout: 15_000 });
    expect((await error.textContent())!.length).toBeGreaterThan(10);

    expect(await rowBoxes()).toEqual(atRest);
    const control = (await page.locator(`#${field}`).boundingBox())!;
    const text = (await error.boundingBox())!;
    expect(text.y).toBeGreaterThanOrEqual(control.y + control.height);
    expect(text.x).toBeGreaterThanOrEqual(control.x - 0.5);
    expect(text.x + text.width).toBeLessThanOrEqual(control.x + control.width + 0.5);
  });
}
