import { describe, expect, it } from 'vitest';
import { lines, runInProcess, runTandem } from './run-tandem.ts';

describe('tandem usage and failures', () => {
  it('when --help is asked for, then every command is listed and the exit code is 0', async () => {
    const run = await runTandem(['--help'], {});

    expect(run.code).toBe(0);
    for (const command of ['serve', 'import', 'status', 'segments']) expect(run.stdout).toMatch(new RegExp(`^ +${command}\\b`, 'm'));
  });

  it.each([
    [['bogus'], "tandem: unknown command 'bogus' (see tandem --help)"],
    [['import'], "tandem: missing required argument 'paths' (see tandem --help)"],
    [['status', '--nope'], "tandem: unknown option '--nope' (see tandem --help)"],
  ])('when the usage is wrong (%j), then the exit code is 2 with one line on stderr', async (args, message) => {
    const run = await runInProcess(args, {});

    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([message]);
  });

  it('when the environment is invalid, then the command exits 1 with one line naming the variable', async () => {
    const run = await runInProcess(['status'], { TANDEM_DATA_DIR: '/nonexistent/never', TANDEM_TARGET_LOCALES: 'en,???' });

    expect(run.code).toBe(1);
    expect(lines(run.stderr)).toEqual([
      'tandem: config: invalid environment: TANDEM_TARGET_LOCALES="en,???": "???" is not a BCP 47 language tag; expected a comma-separated list such as en,ja,zh-Hans',
    ]);
  });
});
