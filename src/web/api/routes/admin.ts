import { z } from 'zod';
import { ROLES } from '../../../core/roles.ts';
import type { User } from '../../../services/auth.ts';
import { userNameParam } from '../../id-params.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';

const UserOut = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locales: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const NameParams = z.object({ name: userNameParam });

function userOut(u: User): z.input<typeof UserOut> {
  return { id: u.id, name: u.name, role: u.role, locales: [...u.locales], createdAt: u.createdAt, updatedAt: u.updatedAt };
}

export const ADMIN_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/usage',
    id: 'getUsage',
    summary: 'Characters sent to machine translation, per day, locale, article and job, and the provider’s own figures',
    tag: 'usage',
    permission: 'mt.queue',
    query: z.object({ since: z.iso.date().optional().describe('First day counted (YYYY-MM-DD)') }),
    responses: { 200: { description: 'The report', schema: z.record(z.string(), z.unknown()) } },
    handle: async ({ deps, query }) => ({ body: await requireService(deps.usage, 'usage').report(query.since) }),
  }),
  operation({
    method: 'get',
    path: '/users',
    id: 'listUsers',
    summary: 'Every account with role and locales',
    tag: 'users',
    permission: 'users.manage',
    responses: { 200: { description: 'Accounts', schema: z.object({ items: z.array(UserOut) }) } },
    handle: async ({ deps }) => ({ body: { items: (await deps.users.list()).map(userOut) } }),
  }),
  operation({
    method: 'post',
    path: '/users',
    id: 'createUser',
    summary: 'Create an account; the generated password is in the answer, once',
    tag: 'users',
    permission: 'users.manage',
    body: z.object({ name: z.string().min(1).max(64), role: z.enum(ROLES), locales: z.array(localeField).max(20).optional() }),
    responses: {
      201: { description: 'The account and its password; Location names it', schema: z.object({ user: UserOut, password: z.string() }) },
    },
    handle: async ({ deps, body }) => {
      const { user, generatedPassword } = await deps.users.add({ name: body.name, role: body.role, locales: body.locales ?? [] });
      return {
        status: 201,
        body: { user: userOut(user), password: generatedPassword ?? '' },
        headers: { Location: `/api/v1/users/${encodeURIComponent(user.name)}` },
      };
    },
  }),
  operation({
    method: 'get',
    path: '/users/:name',
    id: 'getUser',
    summary: 'One account',
    tag: 'users',
    permission: 'users.manage',
    params: NameParams,
    responses: { 200: { description: 'The account', schema: UserOut } },
    handle: async ({ deps, params }) => ({ body: userOut(await deps.users.get(params.name)) }),
  }),
  operation({
    method: 'put',
    path: '/users/:name/access',
    id: 'setUserAccess',
    summary: 'Change an account’s role and/or locales in one write (the last admin cannot be demoted)',
    tag: 'users',
    permission: 'users.manage',
    params: NameParams,
    body: z.object({ role: z.enum(ROLES).optional(), locales: z.array(localeField).max(20).optional() }),
    responses: { 200: { description: 'The account as stored', schema: UserOut } },
    handle: async ({ deps, params, body }) => ({ body: userOut(await deps.users.setAccess(params.name, body)) }),
  }),
];
