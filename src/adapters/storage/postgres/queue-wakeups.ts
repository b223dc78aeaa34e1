import pg from 'pg';

/** The channel an enqueue notifies at commit (mt-queue.ts), so MT workers in other processes start at once. */
export const MT_QUEUED_CHANNEL = 'tandem_mt_queued';

/** A listening connection; `close()` ends it. */
export interface QueueWakeups {
  close(): Promise<void>;
}

/**
 * Call `onQueued` whenever any process queues MT work in the database at `url` (LISTEN on MT_QUEUED_CHANNEL). Best
 * effort: when the connection breaks, `onLost` is told and the worker's poll (every few seconds) still finds the work.
 * Throws what PostgreSQL reports when it cannot listen.
 */
export async function listenForQueuedWork(url: string, onQueued: () => void, onLost: (error: Error) => void): Promise<QueueWakeups> {
  const client = new pg.Client({ connectionString: url, application_name: 'tandem mt-wakeups' });
  let closing = false;
  client.on('notification', () => onQueued());
  client.on('error', (error) => {
    if (!closing) onLost(error);
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${MT_QUEUED_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    async close() {
      closing = true;
      await client.end().catch(() => undefined);
    },
  };
}
