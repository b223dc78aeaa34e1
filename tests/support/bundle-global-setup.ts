import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildTandemBundle } from './tandem-bundle.ts';

/**
 * vitest globalSetup: build the `tandem` program once per run for the server children (tests/support/serve-child.ts).
 * A failed build is handed to the tests that start servers, which then fail with it; the rest of the run goes on.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let built: string | null = null;
  try {
    built = await buildTandemBundle();
    project.provide('tandemBundle', built);
    project.provide('tandemBundleError', null);
  } catch (error) {
    project.provide('tandemBundle', null);
    project.provide('tandemBundleError', error instanceof Error ? error.message : String(error));
  }
  return async () => {
    if (built) await rm(built, { force: true });
  };
}
