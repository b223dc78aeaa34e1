import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { CliContext } from '../../src/cli/command.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { cpuTime, HOSTILE_BUDGET_MS, HOSTILE_SHAPES } from '../support/hostile-inputs.ts';
import { cliWorkspace } from './cli-setup.ts';
import { BIN, childEnv, type CliRun, lines, REPO, runInProcess } from './run-tandem.ts';

/**
 * Hostile input through every `tandem` command and sub-command, listed from the commander program itself: malformed
 * option values and arguments, unknown options, missing and surplus arguments, and hostile files (devices, FIFOs,
 * folders, huge, binary, invalid UTF-8, BOM-only, alias bombs, entity bombs, deep nesting) where a command reads one.
 *
 * Exit codes, decided once for the whole CLI:
 * - 2 (usage) when the command line itself is refused, before any file or the data directory is read: an unknown
 *   command or option, a missing or surplus argument, a missing sub-command or required option, options that exclude
 *   each other, and a value that has a syntax of its own (locale, slug, day, release time, number, role, user name,
 *   choice, person's name) and does not follow it. Commander refuses these while parsing (src/cli/options.ts).
 * - 1 (failure) when the refusal needs the world: the file named is missing, not a regular file, too large or not what
 *   it should be; the article, user or version named does not exist; free text (a confidential term, a password) breaks
 *   the rules of the service that stores it.
 * For each input: that exit code, exactly one line on stderr that reads as a sentence (no stack trace, no
 * `[object Object]`, no `undefined`, no raw control characters), nothing on stdout, the data and publish directories
 * unchanged (file names and contents), all within the time budget.
 */

/**
 * In this process, CPU time (HOSTILE_BUDGET_MS, as the format tests), since the machine's other test workers share its
 * cores; and a wall-clock limit on top, for inputs that would make a command wait rather than work (a FIFO).
 */
const WAIT_LIMIT_MS = 5_000;
/** A real child starts Node and tsx first (1–3 s alone, more on a busy machine): wall-clock time. */
const CHILD_BUDGET_MS = 15_000;
const SLUG = 'jangmadang-rice-prices-2026';

const ws = await cliWorkspace({ TANDEM_TARGET_LOCALES: 'en,ja' });
afterAll(() => ws.cleanup());
const H = join(ws.dir, 'hostile');
await mkdir(H);
const at = (name: string) => join(H, name);

async function seed(): Promise<void> {
  const steps: string[][] = [
    ['import', ws.articles],
    ['glossary', 'import', at('valid.csv'), '--from', 'ko', '--to', 'en'],
    ['users', 'add', 'kim', '--role', 'translator', '--locales', 'en'],
    ['confidential', 'add', '김철민'],
    ['memory', 'import', at('valid.tmx')],
  ];
  for (const args of steps) {
    const run = await runInProcess(args, ws.env);
    if (run.code !== 0) throw new Error(`hostile-input: seeding with ${args.join(' ')} failed: ${run.stderr}`);
  }
}

const TMX_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" datatype="plaintext" segtype="sentence" adminlang="en" srclang="ko" o-tmf="t"/><body>';
const tu = (ko: string, en: string) => `<tu><tuv xml:lang="ko"><seg>${ko}</seg></tuv><tuv xml:lang="en"><seg>${en}</seg></tuv></tu>`;
const tmx = (body: string) => `${TMX_HEAD}${body}</body></tmx>\n`;

function entityBomb(): string {
  const entities = ['<!ENTITY a0 "폭탄">'];
  for (let i = 1; i < 10; i++) entities.push(`<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?><!DOCTYPE tmx [${entities.join('')}]>${TMX_HEAD.replace(/^<\?xml[^>]*>\n/, '')}${tu('&a9;', 'x')}</body></tmx>`;
}

/** Files the commands are given; each is refused (the valid ones are for seeding and baselines). */
const FILES: Readonly<Record<string, string | Uint8Array>> = {
  'valid.csv': 'source,target\n장마당,market\n',
  'valid.tmx': tmx(tu('장마당', 'market')),
  'valid.md': '---\ntitle: 제목\nslug: valid-baseline\n---\n\n본문.\n',
  // Glossaries
  'binary.csv': Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x80, 0x81, 0x0a]),
  'nul.csv': 'source,target\n장\u0000마당,market\n',
  'escape.csv': 'source,target\n장마당,\u001b[31mmarket\n',
  'bom-only.csv': '\uFEFF',
  'empty.csv': '',
  'header-only.csv': 'source,target\n',
  'unbalanced.csv': 'source,target\n"장마당,market\n',
  'unknown-column.csv': 'source,target,evil\n장마당,market,x\n',
  'duplicate.csv': 'source,target\n장마당,market\n장마당,bazaar\n',
  'line-break-term.csv': 'source,target\n"장\n마당",market\n',
  'empty-target.csv': 'source,target\n장마당,\n',
  'one-column.csv': '장마당\n',
  'many-rows.csv': `source,target\n${Array.from({ length: 200_000 }, (_, i) => `용어${i},term${i}`).join('\n')}\n`,
  'utf16.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('source,target\n장마당,market\n', 'utf16le')]),
  'proto.csv': 'source,target,__proto__\n장마당,market,x\n',
  // Translation memories
  'entity-bomb.tmx': entityBomb(),
  'xxe.tmx': `<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>${TMX_HEAD.replace(/^<\?xml[^>]*>\n/, '')}${tu('&x;', 'x')}</body></tmx>`,
  'deep.tmx': tmx(`${'<tu>'.repeat(20_000)}${'</tu>'.repeat(20_000)}`),
  'deep-seg.tmx': tmx(tu(`${'<bpt i="1">'.repeat(20_000)}가`, 'x')),
  'truncated.tmx': `${TMX_HEAD}<tu><tuv xml:lang="ko"><seg>가`,
  'invalid-utf8.tmx': Buffer.concat([
    Buffer.from(`${TMX_HEAD}<tu><tuv xml:lang="ko"><seg>`),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
    Buffer.from('</seg></tuv></tu></body></tmx>'),
  ]),
  'utf16-no-bom.tmx': Buffer.from(tmx(tu('가', 'x')), 'utf16le'),
  'bom-only.tmx': Buffer.from([0xff, 0xfe]),
  'empty.tmx': '',
  'not-xml.tmx': 'source,target\n장마당,market\n',
  'html.tmx': '<html><body><tmx>no</tmx></body></html>',
  'nul-lang.tmx': tmx('<tu><tuv xml:lang="ko"><seg>가</seg></tuv><tuv xml:lang="e&#0;n"><seg>x</seg></tuv></tu>'),
  // Articles
  'binary.md': Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 0x89, 0x50, 0x4e, 0x47]),
  'png.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
  'invalid-utf8.md': Buffer.concat([Buffer.from('---\ntitle: 제목\n---\n\n'), Buffer.from([0xff, 0xfe]), Buffer.from(' 본문\n')]),
  'utf16.md': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('# 제목\n\n본문\n', 'utf16le')]),
  'bom-only.md': '\uFEFF',
  'bom-blank.md': '\uFEFF \n\n\t\n',
  'empty.md': '',
  'nul.md': '---\ntitle: 제목\n---\n\n본문\u0000이다\n',
  'slug-control.md': '---\ntitle: 제목\nslug: "a\\u0007b"\n---\n\n본문\n',
  'slug-traversal.md': '---\ntitle: 제목\nslug: ../../etc\n---\n\n본문\n',
  'slug-absolute.md': '---\ntitle: 제목\nslug: /etc/passwd\n---\n\n본문\n',
  'front-matter-list.md': '---\n- a\n- b\n---\n\n본문\n',
  'front-matter-open.md': '---\ntitle: 제목\n\n본문\n',
  // Refused for `pubdate`; the problem list must not mention `__proto__` as `[object Object]`.
  'proto.md': '---\n__proto__: {polluted: 1}\npubdate: 2026-01-01\ntitle: 제목\nslug: proto-x\n---\n\n본문\n',
  'constructor.md': '---\nconstructor: 1\ntitle: 제목\nslug: constructor-x\nslug: again\n---\n\n본문\n',
  'bad-date.md': '---\ntitle: 제목\nslug: bad-date\npublishDate: 2026-13-45\n---\n\n본문\n',
  'document.pdf': '%PDF-1.4\n%âãÏÓ\n',
  'archive.md.zip': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]),
};

/** The issue's hostile Markdown, HTML and front matter at the sizes the format tests refuse them. */
const SHAPES = HOSTILE_SHAPES.filter((s) => s.test.outcome !== 'imported');

async function writeFiles(): Promise<void> {
  for (const [name, content] of Object.entries(FILES)) await writeFile(at(name), content);
  for (const shape of SHAPES) await writeFile(at(`shape-${shape.file}`), shape.build(shape.test.size));
  await mkdir(at('folder.csv'));
  await mkdir(at('empty-folder'));
  await mkdir(at('only-hostile'));
  await writeFile(join(at('only-hostile'), 'a.md'), FILES['binary.md']!);
  await writeFile(join(at('only-hostile'), 'notes.json'), '{}');
  execFileSync('mkfifo', [at('fifo.md'), at('fifo.csv'), at('fifo.tmx')]);
  await symlink(at('loop-b'), at('loop-a'));
  await symlink(at('loop-a'), at('loop-b'));
  await symlink('/dev/zero', at('zero.md'));
  // Sparse: gigabytes on paper, nothing on disk; a reader that reads before checking the size takes seconds and memory.
  for (const name of ['huge.md', 'huge.csv', 'huge.tmx']) {
    await writeFile(at(name), '');
    await truncate(at(name), 3 * 1024 ** 3);
  }
}

await writeFiles();
await seed();

// --- The commands, from the program itself -------------------------------------------------------------------------

const stubCtx: CliContext = {
  io: { out: () => undefined, err: () => undefined },
  config: () => loadConfig(ws.env),
  withTandem: () => Promise.reject(new Error('not in this test')),
  withServices: () => Promise.reject(new Error('not in this test')),
  withReading: () => Promise.reject(new Error('not in this test')),
  serve: () => Promise.reject(new Error('not in this test')),
  migrateDatabase: () => Promise.reject(new Error('not in this test')),
  importLowdb: () => Promise.reject(new Error('not in this test')),
  checks: [],
  translator: () => Promise.reject(new Error('not in this test')),
  setExitCode: () => undefined,
};
const program = buildProgram(stubCtx);

/** Every command as typed (`glossary import`), leaves and the parents that only group sub-commands. */
function walk(command: Command, prefix: string[] = []): { leaves: Map<string, Command>; parents: Map<string, Command> } {
  const leaves = new Map<string, Command>();
  const parents = new Map<string, Command>();
  for (const sub of command.commands) {
    const path = [...prefix, sub.name()];
    if (sub.commands.length > 0) {
      parents.set(path.join(' '), sub);
      const inner = walk(sub, path);
      for (const [k, v] of inner.leaves) leaves.set(k, v);
      for (const [k, v] of inner.parents) parents.set(k, v);
    } else leaves.set(path.join(' '), sub);
  }
  return { leaves, parents };
}
const { leaves: LEAVES, parents: PARENTS } = walk(program);

/**
 * A valid command line per leaf (not run): its arguments and required options, the frame the generated inputs change
 * one part of. A new command without an entry here fails the coverage test.
 */
const BASELINES: Readonly<Record<string, { readonly args: readonly string[]; readonly options?: Readonly<Record<string, string>> }>> = {
  serve: { args: [] },
  import: { args: [at('valid.md')] },
  status: { args: [SLUG] },
  segments: { args: [SLUG] },
  'users add': { args: ['park'], options: { '--role': 'editor' } },
  'users list': { args: [] },
  'users set-role': { args: ['kim', 'editor'] },
  'users set-locales': { args: ['kim', 'en'] },
  'users reset-password': { args: ['kim'] },
  translate: { args: [] },
  'glossary import': { args: [at('valid.csv')], options: { '--from': 'ko', '--to': 'en' } },
  'glossary list': { args: [] },
  'confidential add': { args: ['박영수'] },
  'confidential remove': { args: ['김철민'] },
  'confidential list': { args: [] },
  usage: { args: [] },
  publish: { args: [SLUG], options: { '--locale': 'en' } },
  unpublish: { args: [SLUG], options: { '--locale': 'en' } },
  versions: { args: [SLUG], options: { '--locale': 'en' } },
  'memory search': { args: ['장마당'], options: { '--to': 'en' } },
  'memory import': { args: [at('valid.tmx')] },
  'memory export': { args: [], options: { '--to': 'en' } },
  'memory delete': { args: ['tm-no-such-entry'] },
  check: { args: [SLUG], options: { '--locale': 'en' } },
  'db migrate': { args: [] },
  'db import-lowdb': { args: [ws.dataDir] },
  'feed poll': { args: [] },
  'tokens create': { args: ['kim'], options: { '--name': 'CMS import' } },
  'tokens list': { args: ['kim'] },
  'tokens revoke': { args: ['t-no-such-token'] },
  'xliff export': { args: [SLUG, 'en'] },
  'xliff import': { args: [at('missing.xlf')] },
};

const long = (n: number) => 'x'.repeat(n);
const MALFORMED_LOCALES = ['', long(300), 'en\u0000', '\u200Fen', '\u202Een', '../en', 'en_US!', '12', 'en--x', '*', 'en\nja'];
const MALFORMED_SLUGS = [
  'Bad Slug',
  '../etc/passwd',
  '/etc/passwd',
  'a\u0000b',
  'a\u001b[31mb',
  long(300),
  '-leading',
  'sl\nug',
  '\u202Eslug',
  '.',
  '..',
  '한국어-제목',
];
const MALFORMED_NUMBERS = [
  '-1',
  '1.5',
  '0x10',
  '1e3',
  '99999999999999999999',
  'NaN',
  'Infinity',
  '',
  '+5',
  '١٢',
  '0b11',
  '1_000',
  '5\u0000',
];

/**
 * Malformed values per kind of validated option or argument, each malformed for every command that takes that kind
 * (values that would be valid somewhere, like `ko` for `--locale` of publish, are in the hand-written cases). A new
 * option or argument with a parser and no kind here fails the coverage test.
 */
const MALFORMED: Readonly<Record<string, readonly string[]>> = {
  '--locale': MALFORMED_LOCALES,
  '--to': MALFORMED_LOCALES,
  '--from': MALFORMED_LOCALES,
  '--locales': MALFORMED_LOCALES.filter((v) => v !== '' && v !== 'en\nja'),
  '<locales>': MALFORMED_LOCALES.filter((v) => v !== '' && v !== 'en\nja'),
  '<slug>': MALFORMED_SLUGS,
  '[slug]': MALFORMED_SLUGS,
  '--slug': MALFORMED_SLUGS,
  '--article': MALFORMED_SLUGS,
  '--since': [
    '2026-13-45',
    '2026-02-30',
    '2026-1-1',
    'yesterday',
    '',
    '0000-00-00',
    '2026-01-01T00:00:00Z',
    '+002026-01-01',
    '2026-01-01\u0000',
    '２０２６-01-01',
  ],
  '--at': [
    'tomorrow 9am',
    '2026-12-01T09:00:00',
    '2026-13-01T00:00:00Z',
    '',
    '+275760-09-13T00:00:00Z',
    '2026-12-01T25:00:00Z',
    '1e12',
    '2026-12-01T09:00:00Z\u0000',
  ],
  '--show': [...MALFORMED_NUMBERS, '0', 'v', 'latest'],
  '--diff': [...MALFORMED_NUMBERS, '0', 'v'],
  '--limit': [...MALFORMED_NUMBERS, '0', '1001'],
  '--threshold': [...MALFORMED_NUMBERS, '101'],
  '--in': ['', 'everywhere', 'SOURCE', 'source,target', 'both\u0000', '__proto__'],
  '--lang': ['', 'xx', 'EN', 'ja', 'ko\u0000', '__proto__'],
  '--role': ['root', 'ADMIN', '', 'admin\u0000', ' admin', '__proto__', 'toString'],
  '<role>': ['root', 'ADMIN', '', 'admin\u0000', ' admin', '__proto__', 'toString'],
  '<name>': ['Bad Name', '', 'a', long(33), 'kim\u0000', '../admin', '-kim', '\u202Ekim', 'ki\nm', 'kim\u0007'],
  '<id>': ['', 'x', 'tm-', 'tm-a b', 'tm-1\u0000', `tm-${long(300)}`, '../tm-1', '\u202Etm-1', 'tm-1\n'],
  '<user>': ['Bad Name', '', 'a', long(33), 'kim\u0000', '../admin', '\u202Ekim', 'ki\nm', 'kim\u0007'],
  '[user]': ['Bad Name', 'a', long(33), 'kim\u0000', '../admin', '\u202Ekim', 'ki\nm', 'kim\u0007'],
  '--days': [...MALFORMED_NUMBERS, '0', '367'],
  '--version': ['', '1.0', '2', '2.1', 'xliff', '1.2\u0000', '__proto__'],
  '<locale>': MALFORMED_LOCALES,
  '--agency': ['', '   ', 'a\u0000b', long(500), 'a\nb', '\u001b[2Jmallory', '\u202Eadmin'],
  '--by': ['', '   ', 'a\u0000b', long(500), 'a\nb', '\u001b[2Jmallory', '\u202Eadmin'],
};

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly code: 1 | 2;
  readonly stderr?: RegExp;
  /** Run as a real child process (with this standard input) instead of in this process. */
  readonly child?: { readonly stdin?: string };
}

function optionArgs(options: Readonly<Record<string, string>> = {}): string[] {
  return Object.entries(options).flat();
}
const optionKey = (o: Option) => o.long ?? o.short ?? o.flags;
const argumentKey = (a: { required: boolean; name(): string }) => (a.required ? `<${a.name()}>` : `[${a.name()}]`);
const shown = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 12)}…(${v.length})` : v);

function generated(): Case[] {
  const out: Case[] = [];
  for (const [path, command] of LEAVES) {
    const base = BASELINES[path];
    if (!base) continue;
    const words = path.split(' ');
    const args = command.registeredArguments;
    const variadic = args.some((a) => a.variadic);
    const frame = (positional: readonly string[], options: Readonly<Record<string, string>> = base.options ?? {}) => [
      ...words,
      ...positional,
      ...optionArgs(options),
    ];
    out.push({ name: `${path}: an unknown option`, args: [...frame(base.args), '--no-such-option'], code: 2, stderr: /unknown option/ });
    out.push({ name: `${path}: an unknown short option`, args: [...frame(base.args), '-Z'], code: 2, stderr: /unknown option/ });
    out.push({ name: `${path}: an option with a NUL`, args: [...frame(base.args), '--\u0000'], code: 2, stderr: /unknown option/ });
    if (!variadic)
      out.push({ name: `${path}: a surplus argument`, args: [...frame(base.args), 'surplus'], code: 2, stderr: /too many arguments/ });
    if (args.some((a) => a.required))
      out.push({ name: `${path}: no arguments`, args: frame([]), code: 2, stderr: /missing required argument/ });
    for (const option of command.options) {
      const key = optionKey(option);
      if (option.mandatory) {
        const { [key]: _dropped, ...rest } = base.options ?? {};
        out.push({ name: `${path}: without ${key}`, args: frame(base.args, rest), code: 2, stderr: /required option/ });
      }
      if (option.required) {
        const { [key]: _dropped, ...rest } = base.options ?? {};
        out.push({
          name: `${path}: ${key} without its value`,
          args: [...frame(base.args, rest), key],
          code: 2,
          stderr: /argument missing/,
        });
      }
      if (!option.parseArg) continue;
      for (const value of MALFORMED[key] ?? []) {
        out.push({
          name: `${path}: ${key} ${shown(value)}`,
          args: frame(base.args, { ...base.options, [key]: value }),
          code: 2,
          stderr: /is invalid/,
        });
      }
    }
    args.forEach((argument, i) => {
      if (!argument.parseArg) return;
      for (const value of MALFORMED[argumentKey(argument)] ?? []) {
        const positional = base.args.map((a, j) => (j === i ? value : a));
        // A value that starts with a dash is read as an option: refused as unknown before any parser sees it.
        const stderr = value.startsWith('-') ? /unknown option/ : /is invalid/;
        out.push({ name: `${path}: ${argumentKey(argument)} ${shown(value)}`, args: frame(positional), code: 2, stderr });
      }
    });
  }
  return out;
}

const glossary = (file: string, ...more: string[]) => ['glossary', 'import', file, '--from', 'ko', '--to', 'en', ...more];
const NOT_A_FILE = /not a regular file|is a folder/;
const TOO_LARGE = /too large|larger than/;

/** Hand-written inputs per command: values valid elsewhere, hostile files, combinations. Every leaf needs some. */
const SPECIFIC: Readonly<Record<string, readonly Omit<Case, 'name'>[]>> = {
  serve: [
    { args: ['serve', '--port', '80'], code: 2, stderr: /unknown option/ },
    { args: ['serve', '--data-dir', '/'], code: 2, stderr: /unknown option/ },
    { args: ['serve', '../../etc'], code: 2, stderr: /too many arguments/ },
    { args: ['serve', '--role', 'boss'], code: 2, stderr: /use one of web, worker, all/ },
    { args: ['serve', '--role', 'WEB'], code: 2, stderr: /use one of web, worker, all/ },
    // (`--role web` serves on any backend: the cli-server project's servers of tests/cli/server-mode.ts run it.)
    {
      args: ['serve', '--role', 'worker'],
      code: 1,
      stderr: /--role worker needs a database that several processes share: set TANDEM_DATABASE_URL/,
    },
  ],
  import: [
    { args: ['import', at('missing.md')], code: 1, stderr: /does not exist/ },
    { args: ['import', at('fifo.md')], code: 1, stderr: NOT_A_FILE },
    { args: ['import', '/dev/zero'], code: 1, stderr: NOT_A_FILE },
    { args: ['import', '/dev/null'], code: 1, stderr: NOT_A_FILE },
    { args: ['import', at('zero.md')], code: 1, stderr: NOT_A_FILE },
    { args: ['import', at('loop-a')], code: 1, stderr: /cannot be read|links to itself|symbolic links/ },
    { args: ['import', at('huge.md')], code: 1, stderr: TOO_LARGE },
    { args: ['import', at('empty-folder')], code: 1, stderr: /no importable files/ },
    { args: ['import', at('only-hostile')], code: 1 },
    { args: ['import', 'a\u0000b.md'], code: 1, stderr: /NUL|not a path/ },
    { args: ['import', '--', '--help'], code: 1, stderr: /does not exist/ },
    { args: ['import', at('valid.md'), at('valid.md'), '--slug', 'two-files'], code: 1, stderr: /--slug names one article/ },
    { args: ['import', at('valid.md'), '--by', 'x\u0007'], code: 2, stderr: /is invalid/ },
    ...[
      'binary.md',
      'png.md',
      'invalid-utf8.md',
      'utf16.md',
      'bom-only.md',
      'bom-blank.md',
      'empty.md',
      'nul.md',
      'slug-control.md',
      'slug-traversal.md',
      'slug-absolute.md',
      'front-matter-list.md',
      'front-matter-open.md',
      'proto.md',
      'constructor.md',
      'bad-date.md',
      'document.pdf',
      'archive.md.zip',
    ].map((file) => ({ args: ['import', at(file)], code: 1 as const })),
    ...SHAPES.map((shape) => ({ args: ['import', at(`shape-${shape.file}`)], code: 1 as const })),
  ],
  status: [
    { args: ['status', 'no-such-article'], code: 1, stderr: /no article "no-such-article"/ },
    { args: ['status', SLUG, '--json=yes'], code: 2 },
    { args: ['status', '--cursor', 'x'], code: 1, stderr: /the cursor is not one tandem status printed/ },
    { args: ['status', '--cursor', long(500)], code: 1, stderr: /the cursor is not one tandem status printed/ },
    { args: ['status', '--cursor', Buffer.from('{"u":"x","s":"a"}').toString('base64url')], code: 1, stderr: /the cursor is not one/ },
    { args: ['status', '--cursor', '\u202Eabc\u0000'], code: 1, stderr: /the cursor is not one/ },
    { args: ['status', '--all', '--cursor', 'x'], code: 2, stderr: /cannot be used with option/ },
    { args: ['status', SLUG, '--all'], code: 2, stderr: /leave them out with a slug/ },
  ],
  segments: [
    { args: ['segments', 'no-such-article'], code: 1, stderr: /no article/ },
    { args: ['segments', SLUG, '--locale', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['segments', SLUG, '--locale', 'zh-Hans'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
  ],
  'users add': [
    { args: ['users', 'add', 'kim', '--role', 'editor'], code: 1, stderr: /already exists/ },
    {
      args: ['users', 'add', 'park', '--role', 'translator', '--locales', 'ko'],
      code: 2,
      stderr: /is not one of the languages this newsroom translates into/,
    },
    {
      args: ['users', 'add', 'park', '--role', 'translator', '--locales', 'en,xx'],
      code: 2,
      stderr: /is not one of the languages this newsroom translates into/,
    },
    {
      args: ['users', 'add', 'park', '--role', 'editor', '--password-stdin'],
      code: 1,
      stderr: /password/,
      child: { stdin: `${'\u0000'.repeat(12)}\n` },
    },
  ],
  'users list': [{ args: ['users', 'list', '--json', 'extra'], code: 2, stderr: /too many arguments/ }],
  'users set-role': [
    { args: ['users', 'set-role', 'nobody', 'admin'], code: 1, stderr: /no user named "nobody"/ },
    { args: ['users', 'set-role', 'kim'], code: 2, stderr: /missing required argument 'role'/ },
  ],
  'users set-locales': [
    { args: ['users', 'set-locales', 'nobody', 'en'], code: 1, stderr: /no user named/ },
    { args: ['users', 'set-locales', 'kim', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['users', 'set-locales', 'kim', 'en,de'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
  ],
  'users reset-password': [
    { args: ['users', 'reset-password', 'nobody'], code: 1, stderr: /no user named/ },
    { args: ['users', 'reset-password', 'kim', '--password-stdin'], code: 1, stderr: /password/, child: { stdin: 'short\n' } },
  ],
  translate: [
    { args: ['translate', '--to', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['translate', '--to', 'en,xx'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['translate', '--to', ','], code: 2, stderr: /is invalid/ },
    { args: ['translate', '--article', ','], code: 2, stderr: /is invalid/ },
    { args: ['translate', '--article', `${SLUG},NOT OK`], code: 2, stderr: /not a valid slug/ },
  ],
  'glossary import': [
    {
      args: glossary(at('valid.csv')).map((a) => (a === 'en' ? 'ko' : a)),
      code: 2,
      stderr: /ko is not one of the languages this newsroom translates into/,
    },
    { args: ['glossary', 'import', at('valid.csv'), '--from', 'en', '--to', 'ja'], code: 2, stderr: /not the source locale/ },
    {
      args: ['glossary', 'import', at('valid.csv'), '--from', 'ko', '--to', 'de'],
      code: 2,
      stderr: /is not one of the languages this newsroom translates into/,
    },
    { args: glossary(at('valid.csv'), '--merge', '--replace'), code: 2, stderr: /cannot be used with/ },
    { args: glossary(at('missing.csv')), code: 1, stderr: /does not exist/ },
    { args: glossary(at('folder.csv')), code: 1, stderr: NOT_A_FILE },
    { args: glossary(at('fifo.csv')), code: 1, stderr: NOT_A_FILE },
    { args: glossary('/dev/zero'), code: 1, stderr: NOT_A_FILE },
    { args: glossary('/dev/zero'), code: 1, stderr: NOT_A_FILE, child: {} },
    { args: glossary(at('loop-a')), code: 1 },
    { args: glossary(at('huge.csv')), code: 1, stderr: TOO_LARGE },
    { args: glossary('/etc/passwd'), code: 1 },
    { args: glossary('a\u0000b.csv'), code: 1 },
    ...[
      'binary.csv',
      'nul.csv',
      'escape.csv',
      'bom-only.csv',
      'empty.csv',
      'header-only.csv',
      'unbalanced.csv',
      'unknown-column.csv',
      'duplicate.csv',
      'line-break-term.csv',
      'empty-target.csv',
      'one-column.csv',
      'many-rows.csv',
      'utf16.csv',
      'proto.csv',
    ].map((file) => ({ args: glossary(at(file)), code: 1 as const })),
  ],
  'glossary list': [{ args: ['glossary', 'list', '--json', '--from', 'ko'], code: 2, stderr: /unknown option/ }],
  'confidential add': [
    { args: ['confidential', 'add', ''], code: 1, stderr: /1 to 200 characters/ },
    { args: ['confidential', 'add', '   '], code: 1, stderr: /1 to 200 characters/ },
    { args: ['confidential', 'add', long(201)], code: 1, stderr: /1 to 200 characters/ },
    { args: ['confidential', 'add', 'a\u0000b'], code: 1, stderr: /U\+0000/ },
    { args: ['confidential', 'add', '\u001b[2J'], code: 1, stderr: /U\+001B/ },
    { args: ['confidential', 'add', '\u202E\u200B'], code: 1 },
    { args: ['confidential', 'add', '김철민', '--render', '\u0000'], code: 1, stderr: /U\+0000/ },
    { args: ['confidential', 'add', '김철민', '--render', long(10_000)], code: 1 },
    { args: ['confidential', 'add', '김철민', '--article', 'no-such-article'], code: 1, stderr: /no article "no-such-article"/ },
  ],
  'confidential remove': [
    { args: ['confidential', 'remove', 'never-added'], code: 1, stderr: /no such term/ },
    { args: ['confidential', 'remove', '김철민', '--article', 'no-such-article'], code: 1, stderr: /no article "no-such-article"/ },
  ],
  'confidential list': [{ args: ['confidential', 'list', '--json', 'surplus', 'again'], code: 2, stderr: /too many arguments/ }],
  'feed poll': [
    { args: ['feed', 'poll'], code: 1, stderr: /set TANDEM_FEED_URL/ },
    { args: ['feed', 'poll', '--json', '--json=\u0000'], code: 2, stderr: /unknown option/ },
  ],
  usage: [
    { args: ['usage', '--since', '2026-02-29'], code: 2, stderr: /not a calendar day/ },
    { args: ['usage', '--since', '2026-04-31'], code: 2, stderr: /not a calendar day/ },
  ],
  publish: [
    { args: ['publish', SLUG, '--locale', 'de'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['publish', SLUG, '--locale', 'en'], code: 1, stderr: /not approved/ },
    { args: ['publish', SLUG, '--locale', 'ko'], code: 1, stderr: /source language/ },
    { args: ['publish', 'no-such-article', '--locale', 'en'], code: 1, stderr: /no article/ },
    { args: ['publish', SLUG, '--locale', 'en', '--at', '2020-01-01T00:00:00Z'], code: 1, stderr: /not in the future/ },
  ],
  unpublish: [
    { args: ['unpublish', SLUG, '--locale', 'en'], code: 1, stderr: /never published/ },
    { args: ['unpublish', 'no-such-article', '--locale', 'ja'], code: 1 },
  ],
  versions: [
    { args: ['versions', SLUG, '--locale', 'en', '--diff', '1'], code: 2, stderr: /--diff takes two versions/ },
    { args: ['versions', SLUG, '--locale', 'en', '--diff', '1', '2', '3'], code: 2, stderr: /--diff takes two versions/ },
    { args: ['versions', SLUG, '--locale', 'en', '--show', '5'], code: 1, stderr: /has no version 5/ },
    { args: ['versions', SLUG, '--locale', 'en', '--diff', '1', '2'], code: 1, stderr: /version/ },
    { args: ['versions', 'no-such-article', '--locale', 'en'], code: 1, stderr: /no article/ },
  ],
  'memory search': [
    { args: ['memory', 'search', '', '--to', 'en'], code: 1, stderr: /search text is empty/ },
    { args: ['memory', 'search', '   ', '--to', 'en'], code: 1, stderr: /search text is empty/ },
    { args: ['memory', 'search', '장마당', '--to', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
  ],
  'memory import': [
    { args: ['memory', 'import', at('missing.tmx')], code: 1, stderr: /does not exist/ },
    { args: ['memory', 'import', H], code: 1, stderr: NOT_A_FILE },
    { args: ['memory', 'import', at('fifo.tmx')], code: 1, stderr: NOT_A_FILE },
    { args: ['memory', 'import', at('fifo.tmx')], code: 1, stderr: NOT_A_FILE, child: {} },
    { args: ['memory', 'import', '/dev/zero'], code: 1, stderr: NOT_A_FILE },
    { args: ['memory', 'import', '/dev/urandom'], code: 1, stderr: NOT_A_FILE },
    { args: ['memory', 'import', at('huge.tmx')], code: 1, stderr: TOO_LARGE },
    { args: ['memory', 'import', '/etc/passwd'], code: 1, stderr: /TMX/ },
    { args: ['memory', 'import', at('loop-a')], code: 1 },
    ...[
      'entity-bomb.tmx',
      'xxe.tmx',
      'deep.tmx',
      'deep-seg.tmx',
      'truncated.tmx',
      'invalid-utf8.tmx',
      'utf16-no-bom.tmx',
      'bom-only.tmx',
      'empty.tmx',
      'not-xml.tmx',
      'html.tmx',
      'nul-lang.tmx',
      'binary.md',
    ].map((file) => ({ args: ['memory', 'import', at(file)], code: 1 as const })),
  ],
  'memory export': [
    { args: ['memory', 'export', '--to', 'ja', '--from', 'ko', '--json'], code: 2, stderr: /unknown option/ },
    { args: ['memory', 'export', '--to', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
  ],
  'memory delete': [
    { args: ['memory', 'delete', 'tm-0f0e0d0c-0000-4000-8000-000000000000'], code: 1, stderr: /no entry tm-0f0e0d0c/ },
    { args: ['memory', 'delete', 'tmd-1'], code: 2, stderr: /not a memory entry id/ },
  ],
  check: [
    { args: ['check', SLUG, '--locale', 'xx'], code: 2, stderr: /xx is not one of the languages this newsroom translates into/ },
    { args: ['check', SLUG, '--locale', 'ko'], code: 2, stderr: /ko is not one of the languages this newsroom translates into/ },
    { args: ['check', SLUG], code: 2, stderr: /required option '--locale/ },
    { args: ['check', '--locale', 'en'], code: 2, stderr: /missing required argument 'slug'/ },
    { args: ['check', 'no-such-article', '--locale', 'en'], code: 1, stderr: /no article/ },
    { args: ['check', '--list', '--locale', 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
  ],
  'tokens create': [
    { args: ['tokens', 'create', 'nobody-here', '--name', 'CMS'], code: 1 },
    {
      args: ['tokens', 'create', 'kim', '--name', 'CMS', '--locales', 'ko'],
      code: 2,
      stderr: /is not one of the languages this newsroom translates into/,
    },
  ],
  'tokens list': [
    { args: ['tokens', 'list', 'nobody-here'], code: 1, stderr: /no user named/ },
    { args: ['tokens', 'list', '--json', '--all'], code: 2, stderr: /unknown option/ },
  ],
  'tokens revoke': [
    { args: ['tokens', 'revoke', 't-no-such-token'], code: 1 },
    { args: ['tokens', 'revoke', 't-x', '--user', 'kim'], code: 2, stderr: /unknown option/ },
  ],
  'xliff export': [
    { args: ['xliff', 'export', SLUG, 'ko'], code: 2, stderr: /is not one of the languages this newsroom translates into/ },
    { args: ['xliff', 'export', 'no-such-article', 'en'], code: 1 },
    { args: ['xliff', 'export', SLUG], code: 2, stderr: /missing required argument 'locale'/ },
  ],
  'xliff import': [
    { args: ['xliff', 'import', at('missing.xlf')], code: 1, stderr: /does not exist/ },
    { args: ['xliff', 'import', H], code: 1, stderr: NOT_A_FILE },
    { args: ['xliff', 'import', '/dev/zero'], code: 1, stderr: NOT_A_FILE },
    { args: ['xliff', 'import', '/etc/passwd'], code: 1 },
    ...['xxe.tmx', 'entity-bomb.tmx', 'truncated.tmx', 'binary.md', 'empty.tmx'].map((file) => ({
      args: ['xliff', 'import', at(file)],
      code: 1 as const,
    })),
  ],
  'db migrate': [
    { args: ['db', 'migrate'], code: 1, stderr: /lowdb backend has no database schema; set TANDEM_DATABASE_URL/ },
    { args: ['db', 'migrate', '../../etc'], code: 2, stderr: /too many arguments/ },
    { args: ['db', 'migrate', '--url', 'postgres://evil/db'], code: 2, stderr: /unknown option/ },
  ],
  // Without TANDEM_DATABASE_URL (this file's environment): the folder is judged first, and nothing is written into it.
  'db import-lowdb': [
    { args: ['db', 'import-lowdb', ws.dataDir, ws.dataDir], code: 2, stderr: /too many arguments/ },
    { args: ['db', 'import-lowdb', ws.dataDir, '--url', 'postgres://evil/db'], code: 2, stderr: /unknown option/ },
    { args: ['db', 'import-lowdb', at('missing-dir')], code: 1, stderr: /does not exist/ },
    { args: ['db', 'import-lowdb', at('only-hostile')], code: 1, stderr: /is not a Tandem data directory/ },
    { args: ['db', 'import-lowdb', at('valid.md')], code: 1, stderr: /is not a folder/ },
    { args: ['db', 'import-lowdb', at('fifo.md')], code: 1, stderr: /is not a folder/ },
    { args: ['db', 'import-lowdb', '/dev/zero'], code: 1, stderr: /is not a folder/ },
    { args: ['db', 'import-lowdb', at('loop-a')], code: 1, stderr: /cannot be read \(ELOOP\)/ },
    { args: ['db', 'import-lowdb', 'data\u0000dir'], code: 1, stderr: /cannot be read/ },
    { args: ['db', 'import-lowdb', '\u202Edata'], code: 1, stderr: /does not exist/ },
    { args: ['db', 'import-lowdb', ws.dataDir], code: 1, stderr: /set TANDEM_DATABASE_URL/ },
  ],
};

function specific(): Case[] {
  const out: Case[] = [];
  for (const [path, cases] of Object.entries(SPECIFIC)) {
    for (const c of cases) {
      const what = c.args.slice(path.split(' ').length).map((a) => (a.startsWith(H) ? relative(H, a) : shown(a).slice(1, -1)));
      const suffix = c.child ? ` (child${c.child.stdin === undefined ? '' : `, stdin ${shown(c.child.stdin)}`})` : '';
      out.push({ ...c, name: `${path}: ${what.join(' ')}${suffix}` });
    }
  }
  // The parents, bare and with a sub-command they do not have.
  for (const path of PARENTS.keys()) {
    out.push({ name: `${path}: no sub-command`, args: path.split(' '), code: 2, stderr: /needs a sub-command/ });
    out.push({ name: `${path}: an unknown sub-command`, args: [...path.split(' '), 'nope'], code: 2, stderr: /unknown command/ });
  }
  out.push({ name: 'no command, an unknown one', args: ['bogus'], code: 2, stderr: /unknown command/ });
  out.push({ name: 'help for an unknown command', args: ['help', 'nope'], code: 2, stderr: /name a command/ });
  out.push({ name: 'an unknown global option', args: ['--data-dir', '/', 'status'], code: 2, stderr: /unknown option/ });
  out.push({ name: 'a command in capitals', args: ['STATUS'], code: 2, stderr: /unknown command/ });
  out.push({ name: 'a sub-command without its parent', args: ['import', 'list'], code: 1, stderr: /does not exist/ });
  return out;
}

const CASES = [...generated(), ...specific()];

// --- Running and judging ---------------------------------------------------------------------------------------------

/** Every file of the data and publish directories, by path, as a hash of its content. */
async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const root of [ws.dataDir, ws.publishDir]) {
    const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const path = join(entry.parentPath, entry.name);
      out[relative(ws.dir, path)] = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
    }
  }
  return out;
}

function runChild(args: readonly string[], stdin: string | undefined): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: childEnv(ws.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_BUDGET_MS + 1_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

function withWaitLimit<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${WAIT_LIMIT_MS} ms: waiting on something`)), WAIT_LIMIT_MS);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}

/** Characters a terminal acts on rather than shows: C0 and C1 controls (tab aside), DEL, bidirectional overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

describe('hostile input through every tandem command', () => {
  it('when the inputs are generated, then there are at least 200 distinct ones and every command has its own', () => {
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
    expect(new Set(CASES.map((c) => JSON.stringify([c.args, c.child]))).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    // A new command, or a new validated option or argument, needs hostile inputs here.
    expect([...LEAVES.keys()].filter((path) => !BASELINES[path] || !SPECIFIC[path])).toEqual([]);
    const unvalued = [...LEAVES].flatMap(([path, command]) => [
      ...command.options.filter((o) => o.parseArg && !MALFORMED[optionKey(o)]).map((o) => `${path} ${optionKey(o)}`),
      ...command.registeredArguments.filter((a) => a.parseArg && !MALFORMED[argumentKey(a)]).map((a) => `${path} ${argumentKey(a)}`),
    ]);
    expect(unvalued).toEqual([]);
  });

  // Nothing else writes to the directories while the file runs: each case starts from the state the one before left.
  let last: Record<string, string> | undefined;
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const before = last ?? (await snapshot());
    let run: CliRun;
    if (c.child) {
      const started = performance.now();
      run = await runChild(c.args, c.child.stdin);
      expect(performance.now() - started).toBeLessThan(CHILD_BUDGET_MS);
    } else {
      let result: CliRun | undefined;
      const { ms, error } = await cpuTime(async () => {
        result = await withWaitLimit(runInProcess(c.args, ws.env));
      });
      if (error) throw error;
      run = result!;
      expect(ms).toBeLessThan(HOSTILE_BUDGET_MS);
    }

    const shownRun = JSON.stringify(run).slice(0, 600);
    expect(run.code, shownRun).toBe(c.code);
    expect(run.stdout, shownRun).toBe('');
    const errors = lines(run.stderr);
    expect(errors, shownRun).toHaveLength(1);
    const line = errors[0]!;
    expect(line).toMatch(/^[a-z][a-z -]*: \S/);
    expect(line).not.toMatch(/\bat (async )?\S+[:(]\d+|\[object \w+\]|unexpected error|Error:|Cannot read properties/);
    // Words a bug prints, unless the input itself said them.
    for (const word of ['undefined', 'NaN', 'null'])
      if (!c.args.some((a) => a.includes(word))) expect(line).not.toMatch(new RegExp(`\\b${word}\\b`));
    expect(line).not.toMatch(RAW_CONTROL);
    if (c.stderr) expect(line).toMatch(c.stderr);
    last = await snapshot();
    expect(last).toEqual(before);
  });
});
