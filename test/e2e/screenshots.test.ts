// Screenshots of the main views (inbox, reader, setup, offline) from a real
// session: Dovecot with the fixed corpus, the built hub, Chromium. With
// MAILMIND_SCREENSHOTS=1 they replace the ones in docs/screenshots (shown in the
// README); otherwise they go to a temp folder, so a test run leaves the tree clean.
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCorpus } from '../support/mail/corpus';
import { startMailUi, type MailUi } from '../support/mail-ui';

const DOCS = join(import.meta.dirname, '..', '..', 'docs', 'screenshots');
let ui: MailUi;
let outDir: string;
let page: Page;

beforeAll(async () => {
  outDir = process.env.MAILMIND_SCREENSHOTS === '1' ? DOCS : await mkdtemp(join(tmpdir(), 'mailmind-shots-'));
  await mkdir(outDir, { recursive: true });
  ui = await startMailUi({ corpus: buildCorpus() });
  await ui.waitForTotal('\\Inbox', 10);
  page = await ui.openPage();
}, 90_000);

afterAll(async () => {
  await ui?.stop();
  if (outDir && outDir !== DOCS) await rm(outDir, { recursive: true, force: true });
});

async function shot(name: string): Promise<void> {
  const file = join(outDir, `${name}.png`);
  await page.screenshot({ path: file });
  expect((await stat(file)).size).toBeGreaterThan(10_000);
}

describe('screenshots of the main views', () => {
  it('inbox', async () => {
    await page.getByTestId('message-row').first().waitFor();
    await shot('inbox');
  });

  it('reader (found with the search box)', async () => {
    await page.getByLabel('Search mail').fill('weekly report');
    await page.getByLabel('Search mail').press('Enter');
    await page.getByTestId('message-row').filter({ hasText: 'Weekly report (HTML)' }).click();
    await page.getByTestId('message-frame').waitFor();
    await page.getByLabel('Search mail').fill('');
    await page.getByTestId('message-row').first().waitFor();
    await page.getByTestId('message-row').filter({ hasText: 'Sales numbers with chart' }).click();
    await page.getByTestId('message-frame').waitFor();
    await page.getByTestId('attachments').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 500)); // the inline chart image
    await shot('reader');
  });

  it('dark theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('reader-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('offline', async () => {
    await ui.dovecot.stop();
    await page.getByTestId('account-offline-banner').waitFor({ timeout: 30_000 });
    await shot('offline');
    await ui.dovecot.start();
  });

  it('setup', async () => {
    await page.getByRole('button', { name: 'Add account' }).click();
    await page.getByLabel('Provider').selectOption('gmail');
    await page.getByLabel('Email address').fill('someone@gmail.com');
    await page.getByRole('button', { name: 'Add account' }).last().click();
    await page.getByTestId('error-password').waitFor();
    await shot('setup');
  });
});
