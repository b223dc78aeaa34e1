import type { Locale } from './locale.ts';

/** Roles are cumulative: each one can do everything the roles before it can. */
export const ROLES = ['translator', 'reviewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a route or a service may ask for. The value is the least role that holds the permission.
 * Ids are stable: they appear in route declarations and tests.
 */
export const PERMISSION_MIN_ROLE = {
  /** See articles, the queue, a review page. */
  'article.view': 'translator',
  /** Save a draft, submit it, re-run machine translation or accept a memory match for one segment. */
  'translation.edit': 'translator',
  /** Comment on a segment. */
  'translation.comment': 'translator',
  /** Approve, reject with a comment, edit approved text, approve in bulk. */
  'translation.review': 'reviewer',
  /** Import an article or a new revision. */
  'article.import': 'editor',
  /** Queue machine translation for whole articles. */
  'mt.queue': 'editor',
  /** Manage the glossary and confidential terms. */
  'glossary.manage': 'editor',
  /** Import pairs into the translation memory (TMX) and remove wrong entries. */
  'memory.manage': 'editor',
  /** Publish translated articles. */
  'article.publish': 'editor',
  /** Create users, change roles and passwords. */
  'users.manage': 'admin',
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSION_MIN_ROLE;
export const PERMISSIONS = Object.keys(PERMISSION_MIN_ROLE) as Permission[];

/** Roles whose translation work is limited to the locales assigned to them. */
export const LOCALE_BOUND_ROLES: readonly Role[] = ['translator', 'reviewer'];
/** Permissions that act on one target locale, so a locale-bound role needs that locale assigned. */
export const LOCALE_SCOPED_PERMISSIONS: readonly Permission[] = ['translation.edit', 'translation.comment', 'translation.review'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSION_MIN_ROLE, value);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** Whether `role` holds `permission` regardless of locale. */
export function can(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(PERMISSION_MIN_ROLE[permission]);
}

/** Who is acting, as far as permissions are concerned. */
export interface RoleHolder {
  readonly role: Role;
  /** Target locales assigned to the user; only meaningful for locale-bound roles. */
  readonly locales: readonly Locale[];
}

/** Whether `actor` holds `permission` for work in `locale`: translators and reviewers only in their assigned locales. */
export function canInLocale(actor: RoleHolder, permission: Permission, locale: Locale): boolean {
  if (!can(actor.role, permission)) return false;
  if (!LOCALE_SCOPED_PERMISSIONS.includes(permission) || !LOCALE_BOUND_ROLES.includes(actor.role)) return true;
  return actor.locales.includes(locale);
}

/** Roles that lack `permission`, weakest first (used to test that refusals really happen). */
export function rolesWithout(permission: Permission): Role[] {
  return ROLES.filter((role) => !can(role, permission));
}
