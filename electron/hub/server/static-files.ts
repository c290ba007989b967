// Serves the built renderer in headless mode, to GET and HEAD. Unknown paths
// without an extension fall back to index.html (client-side routes); nothing
// outside the root is ever read.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { contentTypeOf } from './content-types';
import { sendError } from './http-json';

export type StaticHandler = (pathname: string, res: ServerResponse) => Promise<void>;

/** The file's size, or null when `path` is not a file. */
async function fileSize(path: string): Promise<number | null> {
  try {
    const stats = await stat(path);
    return stats.isFile() ? stats.size : null;
  } catch {
    return null;
  }
}

/** Creates a handler serving files under `rootDir` with the given security headers. */
export function createStaticHandler(rootDir: string, securityHeaders: () => Record<string, string>): StaticHandler {
  const root = resolve(rootDir);

  return async (pathname, res) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      sendError(res, 400, 'bad_request', 'Malformed path');
      return;
    }
    const candidate = resolve(join(root, normalize(decoded)));
    if (candidate !== root && !candidate.startsWith(root + sep)) {
      sendError(res, 404, 'not_found', 'Not found');
      return;
    }
    let file = candidate;
    let size = await fileSize(file);
    if (size === null) {
      if (extname(decoded) !== '') {
        sendError(res, 404, 'not_found', 'Not found');
        return;
      }
      file = join(root, 'index.html');
      size = await fileSize(file);
      if (size === null) {
        sendError(res, 404, 'not_found', 'The renderer is not built (run npm run build)');
        return;
      }
    }
    const isHtml = extname(file) === '.html';
    res.writeHead(200, {
      'Content-Type': contentTypeOf(file),
      // The built files do not change while the hub serves them; HEAD reports the same length.
      'Content-Length': size,
      'X-Content-Type-Options': 'nosniff',
      // Hashed assets may be cached; the page itself must always be fresh.
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
      ...(isHtml ? securityHeaders() : {}),
    });
    // HEAD (RFC 9110 §9.3.2): GET's headers, and no need to read the file.
    if (res.req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}
