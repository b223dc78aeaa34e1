import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// STYLE.md's dependency rule, read off the real import statements of src/ (type-only imports count: they couple too).
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

const LAYERS = ['core', 'config', 'checks', 'adapters', 'services', 'web', 'cli', 'main'] as const;
type Layer = (typeof LAYERS)[number];

/**
 * Who may import whom. `config.ts` turns an environment object into a validated config and imports only core, so it
 * sits beside core; the CLI reads it to know where the data directory is. Only main.ts (the composition root, with its
 * helpers in main/) sees adapters.
 */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  config: ['core', 'config'],
  checks: ['core', 'checks'],
  adapters: ['core', 'adapters'],
  services: ['core', 'services'],
  web: ['core', 'services', 'web'],
  cli: ['core', 'config', 'services', 'cli'],
  main: LAYERS,
};

function layerOf(file: string): Layer {
  const path = relative(SRC, file).split('\\').join('/');
  if (path === 'main.ts' || path.startsWith('main/')) return 'main';
  if (path === 'config.ts' || path === 'config-fields.ts') return 'config';
  const top = path.split('/')[0] as Layer;
  if (!LAYERS.includes(top)) throw new Error(`architecture test: ${path} is in no layer; add its folder to LAYERS`);
  return top;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec));
}

const files = sourceFiles(SRC);

describe('the dependency rule of STYLE.md', () => {
  it('when the rule is read off src/, then it sees every layer', () => {
    const seen = new Set(files.map(layerOf));
    expect([...seen].sort()).toEqual([...LAYERS].sort());
  });

  it.each(files.map((file) => [relative(SRC, file), file] as const))('%s imports only what its layer may', (_name, file) => {
    const from = layerOf(file);
    const broken = localImports(file)
      .filter((target) => target.startsWith(SRC))
      .filter((target) => !ALLOWED[from].includes(layerOf(target)))
      .map((target) => `${from} → ${relative(SRC, target)}`);
    expect(broken).toEqual([]);
  });
});

describe('module size', () => {
  it('when a module is read, then it is at most 400 lines', () => {
    const big = files
      .map((file) => ({ file: relative(SRC, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((m) => m.lines > 400);
    expect(big).toEqual([]);
  });
});
