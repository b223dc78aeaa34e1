import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
export type Impact = (typeof IMPACTS)[number];

/** One failed axe rule on a page: its id, what it asks for, and where (CSS selectors of at most five elements). */
export interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly targets: readonly string[];
}

export type ViolationsByImpact = Readonly<Record<Impact, readonly AxeViolation[]>>;

/** WCAG 2.0–2.2 A and AA, and axe's best practices (landmarks, headings, regions). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Make axe-core part of every page the context opens from now on: sent to the browser once, and run through the
 * DevTools protocol, which the pages' Content-Security-Policy (script-src 'self') does not govern.
 */
export async function installAxe(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: axeSource });
}

/**
 * Run axe-core on the page as it is now and return its violations grouped by impact. Injects axe first when the
 * page's context was not given it by installAxe.
 */
export async function axeViolations(page: Page): Promise<ViolationsByImpact> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const found = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations as { id: string; help: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  }, TAGS);
  const grouped: Record<Impact, AxeViolation[]> = { critical: [], serious: [], moderate: [], minor: [] };
  for (const v of found) {
    const impact = (IMPACTS as readonly string[]).includes(v.impact ?? '') ? (v.impact as Impact) : 'minor';
    grouped[impact].push({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')) });
  }
  return grouped;
}

/** `rule: help (where, where)` per violation, for assertion messages. */
export function describeViolations(violations: readonly AxeViolation[]): string[] {
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}
