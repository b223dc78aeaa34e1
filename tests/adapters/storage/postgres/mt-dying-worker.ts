// A worker process for mt-queue-lease.test.ts: claims items, prints their ids as one JSON line, then keeps renewing
// its leases until it is killed. Arguments: database URL, lease in ms, how many items to claim.
import pg from 'pg';
import { PostgresMtStore } from '../../../../src/adapters/storage/postgres/mt-store.ts';

const [url, leaseMs, limit] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 1 });
const store = new PostgresMtStore(pool, { leaseMs: Number(leaseMs) });
const claimed = await store.queue.claim(Number(limit));
console.log(JSON.stringify(claimed.map((i) => i.id)));
setInterval(() => undefined, 1 << 30);
