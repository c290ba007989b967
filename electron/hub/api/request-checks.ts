// Small validators for API input: each failure is a 400 with a message that
// names the field.
import { HttpError } from '../server/http-json';

export function badRequest(message: string): HttpError {
  return new HttpError(400, 'bad_request', message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireString(source: Record<string, unknown>, field: string, label = field): string {
  const value = source[field];
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${label} is required`);
  if (value.length > 1000) throw badRequest(`${label} is too long`);
  return value.trim();
}

/** `limit` query parameter: 1..max, default when absent. */
export function parseLimit(query: URLSearchParams, fallback = 50, max = 500): number {
  const raw = query.get('limit');
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > max) throw badRequest(`limit must be an integer from 1 to ${max}`);
  return limit;
}

/** The `before` cursor, if present and non-empty. */
export function parseBefore(query: URLSearchParams): string | undefined {
  const before = query.get('before');
  return before === null || before === '' ? undefined : before;
}
