// What a browser sends to the hub's session endpoints, over real HTTP with
// node:http (so Host, Origin and Cookie are exactly what the test says), and
// what a browser would keep from the answer.
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** One request to the hub on `port`; `headers` are sent as given. */
export function sendToHub(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : null }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The single Set-Cookie line of a response (fails the test when there are more or none). */
export function setCookieOf(res: RawResponse): string {
  const lines = res.headers['set-cookie'] ?? [];
  if (lines.length !== 1) throw new Error(`expected one Set-Cookie, got ${JSON.stringify(lines)}`);
  return lines[0]!;
}

/** `name=value` of a Set-Cookie line: what the browser sends back in its Cookie header. */
export function cookiePair(setCookie: string): string {
  return setCookie.split(';')[0]!.trim();
}

/** The attributes of a Set-Cookie line, lower-cased names (`httponly` → ''). */
export function cookieAttributes(setCookie: string): Record<string, string> {
  return Object.fromEntries(
    setCookie
      .split(';')
      .slice(1)
      .map((part) => {
        const [name, ...value] = part.trim().split('=');
        return [name!.toLowerCase(), value.join('=')];
      }),
  );
}
