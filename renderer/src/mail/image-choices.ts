// "Always load images from this sender": a per-sender choice kept in
// localStorage (not secret; the session token never goes there).
const KEY = 'mailmind.remoteImages.senders';

function read(storage: Storage): string[] {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return []; // a damaged entry means no sender is trusted yet
  }
}

export function isSenderTrusted(address: string | null | undefined, storage: Storage = localStorage): boolean {
  return !!address && read(storage).includes(address.toLowerCase());
}

export function trustSender(address: string, storage: Storage = localStorage): void {
  const senders = new Set(read(storage));
  senders.add(address.toLowerCase());
  storage.setItem(KEY, JSON.stringify([...senders]));
}

export function distrustSender(address: string, storage: Storage = localStorage): void {
  storage.setItem(KEY, JSON.stringify(read(storage).filter((s) => s !== address.toLowerCase())));
}
