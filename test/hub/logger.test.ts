import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../electron/hub/logger';

describe('redactUrl', () => {
  it('removes the token from query strings and fragments', () => {
    const token = 'N5GiqRYVs3z8Q6QApEMFx9B34mqqTVQgKq73uXdBPBI';
    expect(redactUrl(`/ws/events/?token=${token}`)).toBe('/ws/events/?token=REDACTED');
    expect(redactUrl(`/ws/events/?a=1&TOKEN=${token}&b=2`)).not.toContain(token);
    expect(redactUrl(`/#token=${token}`)).toBe('/#REDACTED');
    expect(redactUrl('/api/status?limit=5')).toBe('/api/status?limit=5');
    expect(redactUrl(undefined)).toBe('');
  });
});
