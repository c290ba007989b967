// The hub's session token: 32 random bytes, new every launch, compared in
// constant time. The principal it maps to is the profile whose events a
// connection may receive.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Principal {
  profile: string;
}

export interface SessionAuth {
  /** The principal for a presented token, or null. Never throws. */
  verify(presented: string | null | undefined): Principal | null;
  currentToken(): string;
  /** Replaces the token; connections made with the old one must be closed with 4401. */
  replaceToken(token: string): void;
}

/** base64url of 32 bytes is 43 characters; anything shorter is refused without comparing. */
export const TOKEN_MIN_LENGTH = 43;

/** 32 random bytes, base64url-encoded. */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Equal-length digests make the comparison time independent of where or whether lengths differ. */
export function tokensEqual(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Creates the token check for one profile. */
export function createSessionAuth(token: string, profile: string): SessionAuth {
  let expected = token;
  return {
    verify(presented) {
      if (typeof presented !== 'string' || presented.length < TOKEN_MIN_LENGTH) return null;
      return tokensEqual(presented, expected) ? { profile } : null;
    },
    currentToken: () => expected,
    replaceToken(next) {
      expected = next;
    },
  };
}
