// `npm start`: build, then open the desktop app. Where Electron's binary is
// missing and cannot be downloaded (a machine without internet access), say so
// in one line and run the same hub headless instead, to be opened in a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');

const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;

function electronBinary() {
  if (override) {
    const binary = join(override, 'electron');
    return existsSync(binary) ? binary : null;
  }
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(command, args, afterExit = () => {}) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    afterExit();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

// better-sqlite3 and keytar are built for Node's ABI (the tests and the headless hub run
// in Node); Electron has its own. They are rebuilt for Electron before it starts (prebuilt
// binaries where available, else from source) and back for Node when it exits.
const NATIVE_MODULES = ['better-sqlite3', 'keytar'];

function nativeModulesFor(target) {
  const [command, args] = target === 'electron' ? ['npx', ['electron-builder', 'install-app-deps']] : ['npm', ['rebuild', ...NATIVE_MODULES]];
  return spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
}

if (process.env.MAILMIND_SKIP_BUILD !== '1') {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

let binary = electronBinary();
// An explicit ELECTRON_OVERRIDE_DIST_PATH is never replaced by a download.
if (!binary && !override && existsSync(join(electronDir, 'install.js'))) {
  // Electron fetches its binary on first use; try once, quietly.
  spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, stdio: 'ignore', timeout: 300_000 });
  binary = electronBinary();
}

if (binary && !nativeModulesFor('electron')) {
  process.stderr.write('The native modules (better-sqlite3, keytar) could not be built for Electron, so MailMind runs headless: open the address below in a browser.\n');
  nativeModulesFor('node');
  binary = null;
}

if (binary) {
  run(binary, ['.', ...process.argv.slice(2)], () => {
    if (!nativeModulesFor('node')) process.stderr.write(`Rebuilding ${NATIVE_MODULES.join(' and ')} for Node failed: run \`npm rebuild ${NATIVE_MODULES.join(' ')}\` before the tests.\n`);
  });
} else {
  process.stderr.write('The Electron binary is not installed and could not be downloaded, so MailMind runs headless: open the address below in a browser.\n');
  run(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...process.argv.slice(2)]);
}
