// ESLint rule `mailmind/layers`: the import layers of DESIGN.md, checked on
// every import, export-from, dynamic import() and require().
//   shared/**            imports only shared/**
//   electron/hub/**      never electron, main, preload, headless or renderer
//   electron/headless/** never electron, main, preload or renderer
//   electron/main|preload may import electron; never renderer
//   renderer/**          shared/** and browser libraries only
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const nodeBuiltins = new Set(builtinModules);
const rendererForbiddenPackages = new Set(['electron', 'ws', 'imapflow', 'better-sqlite3', 'keytar']);

/** The layer a project-relative path belongs to, or null outside the layered folders. */
function layerOf(projectPath) {
  const parts = projectPath.split(sep);
  if (parts[0] === 'shared') return 'shared';
  if (parts[0] === 'renderer') return 'renderer';
  if (parts[0] === 'electron') {
    if (['hub', 'main', 'preload', 'headless'].includes(parts[1])) return parts[1];
    return 'electron-other';
  }
  return null;
}

function packageName(specifier) {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const allowedTargets = {
  shared: new Set(['shared']),
  hub: new Set(['shared', 'hub']),
  headless: new Set(['shared', 'hub', 'headless']),
  main: new Set(['shared', 'hub', 'main']),
  preload: new Set(['shared', 'preload']),
  renderer: new Set(['shared', 'renderer']),
  'electron-other': new Set(['shared', 'hub', 'electron-other']),
};

/** Why `specifier` may not be imported from `fromLayer`, or null when it may. */
function violation(fromLayer, fromFile, specifier, root) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = relative(root, resolve(dirname(fromFile), specifier));
    const targetLayer = target.startsWith('..') ? 'outside' : (layerOf(target) ?? 'outside');
    if (fromLayer === 'shared' && targetLayer !== 'shared') return 'shared/ imports only shared/';
    if (!allowedTargets[fromLayer].has(targetLayer) && targetLayer !== 'outside') {
      return `${fromLayer} may not import from ${targetLayer}`;
    }
    if (targetLayer === 'outside' && fromLayer !== 'headless') {
      return `${fromLayer} may not import files outside the layered folders`;
    }
    return null;
  }
  const name = packageName(specifier);
  if (fromLayer === 'shared') return 'shared/ imports no packages (it is used by Node and the browser alike)';
  if (name === 'electron' && fromLayer !== 'main' && fromLayer !== 'preload') {
    return 'only electron/main and electron/preload may import electron';
  }
  if (fromLayer === 'renderer') {
    if (name.startsWith('node:') || nodeBuiltins.has(name)) return 'the renderer may not import Node modules';
    if (rendererForbiddenPackages.has(name)) return `the renderer may not import ${name}`;
  }
  return null;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import layers of DESIGN.md' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { layer: 'Layer violation: {{why}} ("{{specifier}}").' },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = context.filename;
    const fromLayer = layerOf(relative(root, file));
    if (!fromLayer) return {};

    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = violation(fromLayer, file, source.value, root);
      if (why) context.report({ node, messageId: 'layer', data: { why, specifier: source.value } });
    };

    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
      },
    };
  },
};
