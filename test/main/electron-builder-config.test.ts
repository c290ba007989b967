// The installer configuration (electron-builder.yml), read and validated by
// electron-builder's own code, as `npm run dist` does (which cannot run here:
// it downloads Electron). electron-builder, its schema, minimatch and
// @electron/fuses are loaded from node_modules, where electron-builder (a dev
// dependency) brings them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FuseV1Options } from '@electron/fuses';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../electron/main/app-origin';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

interface FileSet {
  filter?: string[];
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  icon?: string;
  files?: FileSet[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; icon?: string; category?: string };
  deb?: { depends?: string[] };
  mac?: { target?: string[]; icon?: string };
  win?: { target?: string[]; icon?: string };
}
interface BuilderConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

// app-builder-lib's modules import each other in a cycle that resolves only from its index.
require('app-builder-lib');
const builderConfig = require('app-builder-lib/out/util/config/config') as BuilderConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const { PlatformPackager } = require('app-builder-lib/out/platformPackager') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: Record<string, boolean>): Promise<Record<number, boolean | undefined>> } };
};
const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean };

let config: BuilderConfig;

beforeAll(async () => {
  config = await builderConfig.getConfig(root, null, null);
});

describe('electron-builder.yml', () => {
  it("is valid for electron-builder's own schema check", async () => {
    await expect(builderConfig.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is real: a misspelled fuse is refused.
    await expect(builderConfig.validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('names the app (the same id the app gives Windows for its notifications)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('MailMind');
  });

  it('builds AppImage and deb on Linux, dmg on macOS, nsis on Windows', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.win?.target).toEqual(['nsis']);
  });

  it('takes every icon from resources/, a PNG large enough for macOS (512 px)', async () => {
    for (const icon of [config.icon, config.linux?.icon, config.mac?.icon, config.win?.icon]) expect(icon).toBe('resources/icon.png');
    const png = await readFile(join(root, 'resources', 'icon.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('packs the built app and the tray icon the app reads at run time, without source maps', () => {
    const filters = config.files?.flatMap((set) => set.filter ?? []) ?? [];
    const included = (path: string): boolean => {
      let result = false;
      for (const pattern of filters) {
        if (pattern.startsWith('!')) result &&= !minimatch(path, pattern.slice(1), { dot: true });
        else result ||= minimatch(path, pattern, { dot: true });
      }
      return result;
    };
    for (const path of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json', 'resources/icon.png']) {
      expect(included(path), path).toBe(true);
    }
    expect(included('out/main/index.js.map')).toBe(false);
    expect(included('electron/main/index.ts')).toBe(false);
  });

  it('rebuilds the native modules for Electron and unpacks them from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asar).toBe(true);
    const unpacked = (path: string): boolean => (config.asarUnpack ?? []).some((pattern) => minimatch(path, pattern, { dot: true }));
    expect(unpacked('node_modules/keytar/build/Release/keytar.node')).toBe(true);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(unpacked('out/main/index.js')).toBe(false);
  });

  it('does not replace the default deb dependencies (libsecret for keytar, libnotify for notifications)', () => {
    expect(config.deb?.depends).toBeUndefined();
  });

  it('flips the Electron fuses: no RunAsNode, NODE_OPTIONS or --inspect; app only from a checked asar', async () => {
    const wired = await PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses ?? {});
    expect(wired[FuseV1Options.RunAsNode]).toBe(false);
    expect(wired[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wired[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wired[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wired[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wired[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
});
