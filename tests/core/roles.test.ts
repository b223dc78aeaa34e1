import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, can, canInLocale, rolesWithout, type Permission, type Role } from '../../src/core/roles.ts';

describe('roles', () => {
  it.each([
    ['translator', 'translation.edit', true],
    ['translator', 'translation.review', false],
    ['reviewer', 'translation.review', true],
    ['reviewer', 'article.import', false],
    ['editor', 'article.import', true],
    ['editor', 'article.publish', true],
    ['editor', 'users.manage', false],
    ['admin', 'users.manage', true],
  ] as [Role, Permission, boolean][])('when %s asks for %s, then can() says %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('when roles are ordered, then each holds every permission of the roles before it', () => {
    for (const permission of PERMISSIONS) {
      const holders = ROLES.map((role) => can(role, permission));
      expect(holders).toEqual([...holders].sort());
    }
    expect(PERMISSIONS.every((p) => can('admin', p))).toBe(true);
  });

  it('when a translator or reviewer works on a locale, then only their assigned locales are allowed; editors work on all', () => {
    const translator = { role: 'translator' as const, locales: ['en'] };
    expect(canInLocale(translator, 'translation.edit', 'en')).toBe(true);
    expect(canInLocale(translator, 'translation.edit', 'ja')).toBe(false);
    expect(canInLocale({ role: 'reviewer', locales: ['ja'] }, 'translation.review', 'en')).toBe(false);
    expect(canInLocale({ role: 'editor', locales: [] }, 'translation.review', 'zh-Hans')).toBe(true);
    expect(canInLocale(translator, 'translation.review', 'en')).toBe(false);
  });

  it('when rolesWithout is asked, then it lists exactly the roles that lack the permission', () => {
    expect(rolesWithout('translation.review')).toEqual(['translator']);
    expect(rolesWithout('users.manage')).toEqual(['translator', 'reviewer', 'editor']);
    expect(rolesWithout('article.view')).toEqual([]);
  });
});
