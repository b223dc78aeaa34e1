import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliWorkspace } from './cli-setup.ts';
import { lines, runInProcess } from './run-tandem.ts';

// Issue 14: `tandem memory delete <id>` removes a wrong entry; the log records who and when.

const WRONG = ['장마당에서 쌀값이 올랐다.', 'Rice prices fell at the market.'] as const;
const KEPT = ['평양에서 열병식이 열렸다.', 'A parade was held in Pyongyang.'] as const;

const TMX = `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="ko" o-tmf="test"/>
  <body>
    ${[WRONG, KEPT].map(([ko, en]) => `<tu><tuv xml:lang="ko"><seg>${ko}</seg></tuv><tuv xml:lang="en"><seg>${en}</seg></tuv></tu>`).join('\n')}
  </body>
</tmx>
`;

describe('tandem memory delete', () => {
  let ws: Awaited<ReturnType<typeof cliWorkspace>>;
  beforeAll(async () => {
    ws = await cliWorkspace();
  });
  afterAll(() => ws.cleanup());

  const search = async (text: string) =>
    JSON.parse((await runInProcess(['memory', 'search', text, '--to', 'en', '--json'], ws.env)).stdout) as { id: string; target: string }[];

  it('when an entry is deleted by id, then search and export no longer show it, the log records who, and a second delete fails', async () => {
    const file = join(ws.dir, 'two.tmx');
    await writeFile(file, TMX);
    expect((await runInProcess(['memory', 'import', file], ws.env)).code).toBe(0);
    const [wrong] = await search('장마당');
    expect(wrong?.target).toBe(WRONG[1]);

    const deleted = await runInProcess(['memory', 'delete', wrong!.id, '--by', 'Kim Editor'], ws.env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(lines(deleted.stdout)).toEqual([`Deleted ${wrong!.id} (ko → en): ${WRONG[0]}`, `    → ${WRONG[1]}`]);

    expect(await search('장마당')).toEqual([]);
    expect((await search('평양')).map((e) => e.target)).toEqual([KEPT[1]]);
    const exported = await runInProcess(['memory', 'export', '--to', 'en'], ws.env);
    expect(exported.stdout).not.toContain(WRONG[1]);
    expect(exported.stdout).toContain(KEPT[1]);

    const log = (await readFile(join(ws.dataDir, 'memory', 'tm.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(log.at(-1)).toMatchObject({ kind: 'tombstone', deletes: wrong!.id, deletedBy: 'Kim Editor', deletedAt: expect.any(String) });

    const again = await runInProcess(['memory', 'delete', wrong!.id], ws.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no entry tm-/);
  });
});
