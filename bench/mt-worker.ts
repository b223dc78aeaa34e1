// One MT worker process for bench/backends.ts: opens Tandem as configured by its environment (TANDEM_DATABASE_URL,
// DEEPL_AUTH_KEY, DEEPL_SERVER_URL), prints "ready", waits for a line on stdin, drains the MT queue and prints the
// drain's summary as one JSON line, with the CPU milliseconds the process spent draining (`cpuMs`, user and system).
// Opening and the start-up key check are not timed: only the drain is.
import { once } from 'node:events';
import { loadConfig } from '../src/config.ts';
import { openTandem } from '../src/main.ts';

const tandem = await openTandem(loadConfig(process.env), { lock: false });
try {
  // As `tandem serve --role worker` starts (src/main/roles.ts verifyMtInBackground): the key check loads the provider's
  // client, so the drain's first request does not pay for it.
  await tandem.mt.verify();
  process.stdout.write('ready\n');
  process.stdin.setEncoding('utf8');
  await once(process.stdin, 'data');
  const before = process.cpuUsage();
  const summary = await tandem.mt.drain();
  const cpu = process.cpuUsage(before);
  process.stdout.write(`${JSON.stringify({ ...summary, cpuMs: (cpu.user + cpu.system) / 1000 })}\n`);
} finally {
  process.stdin.pause();
  await tandem.close();
}
