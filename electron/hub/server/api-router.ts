// A small table-driven router for /api. Routes declare a method and a pattern
// ("/api/messages/:id"); the router answers 404 for unknown paths and 405 for a
// known path with another method, parses JSON bodies, and turns thrown
// HttpErrors into the API's error shape. HEAD runs a path's GET route
// (RFC 9110 §9.3.2): same status and headers, Content-Length included, no body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import type { Principal } from './session-auth';
import { HttpError, readJsonBody, sendError, sendJson } from './http-json';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  principal: Principal;
}

export interface ApiResponse {
  status?: number;
  body: unknown;
  /** A non-JSON answer (an attachment download). */
  raw?: { contentType: string; headers?: Record<string, string>; data: Buffer };
}

export interface ApiRoute {
  method: HttpMethod;
  pattern: string;
  handle(request: ApiRequest): ApiResponse | Promise<ApiResponse>;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, url: URL, principal: Principal) => Promise<void>;

const bodyMethods = new Set<string>(['POST', 'PUT', 'PATCH']);
const MAX_BODY_BYTES = 1024 * 1024;

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] as string;
    const actual = segments[i] as string;
    if (expected.startsWith(':')) {
      if (actual === '') return null;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        throw new HttpError(400, 'bad_request', 'Malformed percent-encoding in path');
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}

function splitPath(path: string): string[] {
  return path.replace(/\/+$/, '').split('/').slice(1);
}

/** Builds the /api request handler from a route table. */
export function createApiRouter(routes: ApiRoute[], logger: Logger): ApiHandler {
  const compiled = routes.map((route) => ({ route, segments: splitPath(route.pattern) }));

  return async (req, res, url, principal) => {
    try {
      const segments = splitPath(url.pathname);
      const pathMatches = compiled
        .map(({ route, segments: pattern }) => ({ route, params: matchPattern(pattern, segments) }))
        .filter((match): match is { route: ApiRoute; params: Record<string, string> } => match.params !== null);
      if (pathMatches.length === 0) throw new HttpError(404, 'not_found', `No API route ${url.pathname}`);
      // Node's ServerResponse drops the body of an answer to HEAD and keeps its headers, so the
      // GET route's answer is HEAD's as it is.
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const match = pathMatches.find(({ route }) => route.method === method);
      if (!match) {
        const methods = pathMatches.map(({ route }) => route.method);
        const allow = (methods.includes('GET') ? [...methods, 'HEAD'] : methods).join(', ');
        sendError(res, 405, 'method_not_allowed', `Use ${allow}`, { Allow: allow });
        return;
      }
      const body = bodyMethods.has(match.route.method) ? await readJsonBody(req, MAX_BODY_BYTES) : undefined;
      const result = await match.route.handle({
        method: match.route.method,
        path: url.pathname,
        params: match.params,
        query: url.searchParams,
        body,
        principal,
      });
      if (result.raw) {
        res.writeHead(result.status ?? 200, {
          'Content-Type': result.raw.contentType,
          'Content-Length': result.raw.data.length,
          'Cache-Control': 'private, no-store',
          'X-Content-Type-Options': 'nosniff',
          // Opened directly, a downloaded file must not run as a page of the hub's origin.
          'Content-Security-Policy': 'sandbox',
          ...result.raw.headers,
        });
        res.end(result.raw.data);
        return;
      }
      if (result.status === 204) {
        res.writeHead(204, { 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      sendJson(res, result.status ?? 200, result.body);
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error.status, error.code, error.message);
        return;
      }
      // Log the route and the error class, never the request body.
      logger.error('api handler failed', { method: req.method, path: url.pathname, error: String(error) });
      if (!res.headersSent) sendError(res, 500, 'internal', 'Internal error');
      else res.destroy();
    }
  };
}
