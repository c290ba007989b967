// Builds the three Electron targets from the project's own roots (not src/):
// main (plus the headless hub entry, which shares the main bundle's Node target, and the
// hub's parsing thread),
// preload, and the React renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

/**
 * Adds <link rel="modulepreload"> for the chunks the entry imports dynamically
 * (the React app, see renderer/src/main.ts) and their static imports, so the
 * page fetches and compiles them in parallel with the small entry instead of
 * after it has run. Vite preloads only the entry's static imports itself.
 */
function preloadEntryDynamicImports(): Plugin {
  let base = './';
  return {
    name: 'mailmind:preload-entry-dynamic-imports',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, chunk }) {
        if (!bundle || !chunk) return [];
        const files = new Set<string>();
        const visit = (fileName: string): void => {
          const found = bundle[fileName];
          if (fileName === chunk.fileName || files.has(fileName) || found?.type !== 'chunk') return;
          files.add(fileName);
          found.imports.forEach(visit);
        };
        chunk.dynamicImports.forEach(visit);
        return [...files].map((fileName) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${fileName}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          serve: resolve(root, 'electron/headless/serve.ts'),
          // The parsing thread's script, beside the hub's bundle (see electron/hub/sync/wire/summary-thread.ts).
          'summary-worker': resolve(root, 'electron/hub/sync/wire/summary-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        // A sandboxed preload cannot load ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), preloadEntryDynamicImports()],
    build: {
      // electron-vite leaves the renderer unminified; the page parses and compiles all
      // of it before the first rows (714 KB → 297 KB).
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
