// Where secrets live. The hub only sees this interface; the composition root
// picks the backend (the OS keychain through keytar, or memory when there is none).

export const VAULT_SERVICE = 'MailMind';

export interface SecretVault {
  /** 'keychain' survives restarts; 'memory' lasts for this process only. */
  readonly kind: 'keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** A vault that keeps secrets in this process only (no keyring available). */
export function createMemoryVault(): SecretVault {
  const secrets = new Map<string, string>();
  return {
    kind: 'memory',
    get: async (account) => secrets.get(account) ?? null,
    set: async (account, secret) => {
      secrets.set(account, secret);
    },
    delete: async (account) => secrets.delete(account),
  };
}
