import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * A new place for a bundle, one per build so that runs (and projects) never share one: inside the repository
 * (test-results/ is ignored by git) so that the bundle's imports of packages resolve to this checkout's node_modules.
 */
export function bundlePath(): string {
  return join(REPO, 'test-results', 'tandem-bundle', `tandem-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
}

/**
 * Build the `tandem` program (src/main.ts's runTandemCli, as bin/tandem.js runs it) into one ES module at `out`, for
 * the test servers started as child processes (tests/support/serve-child.ts). bin/tandem.js loads each of ~400 source
 * files through tsx's loader thread, which cost a `tandem serve` child 5 to 6 s of CPU to start on the CI machine,
 * about half of it the loader's round trips; the cli-server project alone starts well over a hundred. The code is the
 * same: tsx transforms with esbuild too, packages stay imports of node_modules, and each file keeps its own
 * `import.meta.url` (the locales, public and migrations directories are found from it). bin/tandem.js itself is still
 * what every other spawned command runs (tests/cli/run-tandem.ts).
 */
export async function buildTandemBundle(out: string = bundlePath()): Promise<string> {
  await mkdir(dirname(out), { recursive: true });
  await build({
    stdin: {
      contents: "import { runTandemCli } from './src/main.ts';\nprocess.exitCode = await runTandemCli(process.argv);\n",
      resolveDir: REPO,
      sourcefile: 'tandem-bundle-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
    plugins: [
      {
        name: 'own-import-meta-url',
        setup(bundler) {
          bundler.onLoad({ filter: /\/src\/.+\.ts$/ }, async ({ path }) => {
            const text = await readFile(path, 'utf8');
            return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' };
          });
        },
      },
    ],
  });
  return out;
}
