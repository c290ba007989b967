// Ids of messages that left the store because the server no longer has them (expunged or their
// folder deleted elsewhere, deleted for good by the user, found missing by an open). A view may
// still show one for a moment: asked for again, it is "gone", not "no such message", which is
// for ids the hub never had. Bounded: the oldest are forgotten first.

export interface GoneMessages {
  add(id: string): void;
  has(id: string): boolean;
}

export function createGoneMessages(max = 10_000): GoneMessages {
  const ids = new Set<string>();
  return {
    add(id) {
      ids.delete(id);
      ids.add(id);
      if (ids.size > max) ids.delete(ids.values().next().value as string);
    },
    has: (id) => ids.has(id),
  };
}
