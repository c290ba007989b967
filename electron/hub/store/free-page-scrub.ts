// Zeroes the store's free pages, a slice at a time (see the account eraser): SQLite has no command
// for it. A table whose rows take every free page (a new row takes free pages before the file
// grows) writes each of them with zeros; its rows deleted under secure_delete ON write them with
// zeros once more as they go back to the free list, which reaches what a filler row leaves as it
// was (the end of its last page, a page that becomes a free-list trunk).
import type Database from 'better-sqlite3';

/** The most one filler row takes (1 MiB of 4 KiB pages): a few ms of writes, so that a slice can stop between rows. */
const PAGES_PER_ROW = 256;

/** Bytes an overflow page holds (its first 4 bytes link the next): a row of `pages` of them takes no page more than that. */
const OVERFLOW_HEADER_BYTES = 4;

export interface FreePageScrub {
  /** Takes up to PAGES_PER_ROW free pages into a row of zeros; false once none is free. */
  fill(): boolean;
  /** Deletes one filler row (run under secure_delete ON); false once none is left, the table dropped. */
  clear(): boolean;
}

/**
 * The steps of one scrub, each to run in a write transaction: fill until it says no, then clear
 * until it says no. An interrupted scrub leaves its table (zeros only), which the next one takes
 * up. Pages freed between steps by other writes are taken too, until a fill finds none free.
 */
export function freePageScrub(db: Database.Database): FreePageScrub {
  const usable = (db.pragma('page_size', { simple: true }) as number) - OVERFLOW_HEADER_BYTES;
  let statements: { fill: Database.Statement<[number]>; clearOne: Database.Statement<[]> } | null = null;
  // Created in the first step's transaction, not here: a table made outside one commits on its own.
  const prepared = () => {
    if (statements) return statements;
    db.exec('CREATE TABLE IF NOT EXISTS free_page_scrub (filler BLOB NOT NULL)');
    statements = {
      fill: db.prepare('INSERT INTO free_page_scrub (filler) VALUES (zeroblob(?))'),
      clearOne: db.prepare('DELETE FROM free_page_scrub WHERE rowid = (SELECT MIN(rowid) FROM free_page_scrub)'),
    };
    return statements;
  };
  return {
    fill() {
      const { fill } = prepared();
      const free = db.pragma('freelist_count', { simple: true }) as number;
      if (free === 0) return false;
      fill.run(Math.min(free, PAGES_PER_ROW) * usable);
      return true;
    },
    clear() {
      if (prepared().clearOne.run().changes > 0) return true;
      db.exec('DROP TABLE free_page_scrub');
      return false;
    },
  };
}
