// `npm run fake-deepl`: the tests' fake DeepL server on a fixed port, so a newcomer can watch machine drafts arrive
// without a DeepL account. Its "translations" are visibly machine-made transforms of the source.
import { FakeDeepl } from './server.ts';

const port = Number(process.env.FAKE_DEEPL_PORT ?? 8787);
const fake = await FakeDeepl.start({ port });
process.stdout.write(
  `Fake DeepL listening on ${fake.url}\n` +
    `Start Tandem against it with:\n  DEEPL_AUTH_KEY=fake-key:fx DEEPL_SERVER_URL=${fake.url} npm start\n`,
);
const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
