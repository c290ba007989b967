// The layers of DESIGN.md are enforced by `npm run lint`: each violation below
// must be an error, and each allowed import must pass.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'mailmind/layers').map((m) => m.message);
}

const violations: Array<[string, string]> = [
  ['electron/hub/server/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['electron/hub/x.ts', "export { a } from '../main/thing';"],
  ['electron/hub/x.ts', "export const load = () => import('electron');"],
  ['electron/headless/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;"],
  ['shared/x.ts', "import React from 'react';\nexport const r = React;"],
  ['shared/x.ts', "import { startHub } from '../electron/hub/create-hub';\nexport const s = startHub;"],
  ['renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;"],
  ['renderer/src/x.ts', "import path from 'path';\nexport const p = path;"],
  ['renderer/src/x.ts', "import WebSocket from 'ws';\nexport const w = WebSocket;"],
  ['renderer/src/x.ts', "import { ImapFlow } from 'imapflow';\nexport const i = ImapFlow;"],
  ['renderer/src/x.ts', "import Database from 'better-sqlite3';\nexport const d = Database;"],
  ['renderer/src/x.ts', "import keytar from 'keytar';\nexport const k = keytar;"],
  ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
  ['renderer/src/x.ts', "import { startHub } from '../../electron/hub/create-hub';\nexport const s = startHub;"],
  ['renderer/src/x.ts', "const k = require('keytar');\nexport default k;"],
  ['electron/preload/x.ts', "import { startHub } from '../hub/create-hub';\nexport const s = startHub;"],
  ['electron/main/x.ts', "import { App } from '../../renderer/src/App';\nexport const a = App;"],
];

const allowed: Array<[string, string]> = [
  ['electron/main/x.ts', "import { app } from 'electron';\nimport { startHub } from '../hub/create-hub';\nexport const a = [app, startHub];"],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';\nimport { IpcChannel } from '../../shared/bridge';\nexport const c = [contextBridge, IpcChannel];"],
  ['electron/hub/x.ts', "import WebSocket from 'ws';\nimport { readFile } from 'node:fs';\nimport { PROTOCOL_VERSION } from '../../shared/protocol';\nexport const w = [WebSocket, readFile, PROTOCOL_VERSION];"],
  ['renderer/src/x.ts', "import { create } from 'zustand';\nimport { PROTOCOL_VERSION } from '../../shared/protocol';\nexport const c = [create, PROTOCOL_VERSION];"],
  ['shared/x.ts', "import { PROTOCOL_VERSION } from './protocol';\nexport const p = PROTOCOL_VERSION;"],
];

describe('layer lint', () => {
  it.each(violations)('rejects an import in %s', async (file, code) => {
    const errors = await layerErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Layer violation/);
  });

  it.each(allowed)('allows the imports of %s', async (file, code) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });

  it('passes on the project itself', async () => {
    const results = await eslint.lintFiles(['electron', 'renderer', 'shared']);
    const layerMessages = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'mailmind/layers').map((m) => `${r.filePath}: ${m.message}`));
    expect(layerMessages).toEqual([]);
  });
});
