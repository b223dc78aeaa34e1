import type { Express } from 'express';
import { CSRF_EXEMPT, LOCALE_CHECKED, PERMISSION, PUBLIC, type GuardHandler } from './guards.ts';
import { DEFAULT_SOURCE_LOCALE, DEFAULT_TARGET_LOCALES } from '../core/locale.ts';
import type { Permission } from '../core/roles.ts';

export const MUTATING_METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** One route as the app will really dispatch it. */
export interface RouteEntry {
  readonly method: string;
  /** Express path with parameters, e.g. `/articles/:slug`. */
  readonly path: string;
  /** From requireRole(), when the route has one. */
  readonly permission: Permission | null;
  /** From publicRoute(), when the route is declared public. */
  readonly publicReason: string | null;
  /** Whether requireRole also checks the target locale of the request. */
  readonly localeChecked: boolean;
  /** From publicRoute(reason, { signed: true }): the handler authenticates a signed body instead of a CSRF token. */
  readonly csrfExempt: boolean;
}

interface LayerLike {
  route?: { path: unknown; methods: Record<string, boolean>; stack: { handle: GuardHandler }[] };
  handle: { stack?: LayerLike[] };
  rawPath?: unknown;
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * Walk the app's real router stack, nested routers included, and list every route with its guard. Throws on routes
 * or mounts declared with a RegExp or an array, since their URLs cannot be listed (declare them with string paths).
 */
export function listRoutes(app: Express): RouteEntry[] {
  const entries: RouteEntry[] = [];
  const walk = (stack: LayerLike[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const { path, methods, stack: handlers } = layer.route;
        if (typeof path !== 'string') throw new Error(`route-table: a route under ${prefix || '/'} has a non-string path; use a string`);
        const permission = handlers.find((h) => h.handle[PERMISSION])?.handle[PERMISSION] ?? null;
        const publicReason = handlers.find((h) => h.handle[PUBLIC])?.handle[PUBLIC] ?? null;
        const localeChecked = handlers.some((h) => h.handle[LOCALE_CHECKED] === true);
        const csrfExempt = handlers.some((h) => h.handle[CSRF_EXEMPT] === true);
        for (const method of Object.keys(methods).filter((m) => methods[m] && m !== '_all')) {
          entries.push({ method, path: joinPath(prefix, path), permission, publicReason, localeChecked, csrfExempt });
        }
      } else if (Array.isArray(layer.handle.stack)) {
        if (typeof layer.rawPath !== 'string')
          throw new Error(`route-table: a router under ${prefix || '/'} is mounted on a non-string path`);
        walk(layer.handle.stack, joinPath(prefix, layer.rawPath));
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return entries;
}

// Path parameters naming a language take one the default installation works in: any other is refused (400) before a
// role's locale assignment is looked at (guards.ts), which the route walks test.
const SAMPLE_LOCALES: ReadonlyMap<string, string> = new Map([
  ['locale', DEFAULT_TARGET_LOCALES[0]!],
  ['to', DEFAULT_TARGET_LOCALES[0]!],
  ['from', DEFAULT_SOURCE_LOCALE],
]);

/**
 * A concrete URL for a route path (`:slug` → `x-slug`, `:locale` → `en`, `:from` → `ko`, `*rest` → `x/y`, `{…}`
 * optional groups kept).
 */
export function sampleUrl(path: string): string {
  return path
    .replace(/[{}]/g, '')
    .replace(/\*(\w+)/g, 'x/y')
    .replace(/:(\w+)/g, (_m, name: string) => SAMPLE_LOCALES.get(name) ?? `x-${name.toLowerCase()}`);
}
