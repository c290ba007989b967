// Runs sync tasks one at a time on an account's connection. Scheduling a
// mailbox that is already waiting does nothing: one run covers every event
// that arrived before it started.

export interface TaskQueue {
  /** Queues `task` under `key` unless a task with that key is already waiting. */
  schedule(key: string, task: () => Promise<void>): Promise<void>;
  /** Resolves when nothing is running or waiting. */
  idle(): Promise<void>;
}

export function createTaskQueue(onError: (key: string, error: unknown) => void): TaskQueue {
  const waiting = new Map<string, Promise<void>>();
  let tail: Promise<void> = Promise.resolve();

  return {
    schedule(key, task) {
      const existing = waiting.get(key);
      if (existing) return existing;
      const run = tail.then(async () => {
        waiting.delete(key);
        try {
          await task();
        } catch (error) {
          onError(key, error);
        }
      });
      waiting.set(key, run);
      tail = run;
      return run;
    },
    idle: () => tail,
  };
}
