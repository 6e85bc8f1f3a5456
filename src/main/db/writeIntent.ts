/**
 * The main thread's wish to write, shared with worker threads that write the same workspace (a SharedArrayBuffer
 * passed in their workerData). better-sqlite3 waits for a busy write lock synchronously, so a main-thread write that
 * meets a worker's transaction blocks the event loop (the health poller's timers) in SQLite's busy handler, whose
 * sleeps grow to 50–100 ms; a worker writing without gaps could keep the lock for as long as it has work. While the
 * intent is raised, a worker's ShortTransactions commits after its current step and opens no new transaction.
 */
export const mainWriteIntent = new Int32Array(new SharedArrayBuffer(4))

/** Runs fn (a main-thread write) with the intent raised. */
export function withWriteIntent<T>(fn: () => T, intent: Int32Array = mainWriteIntent): T {
  Atomics.add(intent, 0, 1)
  try {
    return fn()
  } finally {
    Atomics.sub(intent, 0, 1)
  }
}

/** Whether a write is waiting on the other side. */
export const intentRaised = (intent: Int32Array | undefined): boolean => intent !== undefined && Atomics.load(intent, 0) > 0
