// Which files under a folder contain some bytes (a secret that must not be there). The folder
// belongs to a running hub: SQLite creates and removes its -wal and -shm files as it goes, so a
// file that vanishes between the listing and the read is skipped (`grep -r` exited 2 on it).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (bytes?.includes(needle)) found.push(path);
  }
  return found;
}
