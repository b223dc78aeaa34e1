import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { DEFAULT_TARGET_LOCALES } from '../../core/locale.ts';
import { ConflictError } from '../../core/errors.ts';
import { ROLES } from '../../core/roles.ts';
import { LAST_ADMIN } from '../../services/users.ts';
import { userNameParam } from '../id-params.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { OneTimeNotes } from '../one-time-notes.ts';
import { localeField, validated } from '../validate.ts';
import { type UsersView, usersView } from '../views/users.ts';
import type { RouteModule } from './index.ts';

const Name = z.object({ name: userNameParam });
// A single checked box arrives as a string, several as an array, none as nothing.
const Locales = z
  .union([localeField, z.array(localeField).max(50)])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const RoleBody = z.object({ role: z.enum(ROLES), locales: Locales });
const AddBody = z.object({ name: z.string().trim().min(1).max(64), role: z.enum(ROLES), locales: Locales });

async function renderUsers(
  deps: AppDeps,
  req: Request,
  res: Response,
  notice: Pick<UsersView, 'issued' | 'refusal'> = {},
  status = 200,
): Promise<void> {
  sendPage(req, res, {
    status,
    title: req.t('users:title'),
    body: usersView(pageContext(req, res), {
      users: await deps.users.list(),
      targetLocales: deps.config?.targetLocales ?? DEFAULT_TARGET_LOCALES,
      ...notice,
    }),
  });
}

type Issued = NonNullable<UsersView['issued']>;
const IssuedQuery = z.object({ issued: z.string().max(64).optional() });

function getUsers(deps: AppDeps, issued: OneTimeNotes<Issued>): RequestHandler {
  return async (req, res) => {
    const { query } = validated(req, { query: IssuedQuery });
    res.set('Cache-Control', 'no-store');
    const note = issued.take(res.locals.user!.id, query.issued);
    await renderUsers(deps, req, res, note ? { issued: note } : {});
  };
}

/** After a password is made: back to the users page, which shows it once (never in the URL). */
function redirectIssued(res: Response, issued: OneTimeNotes<Issued>, note: Issued): void {
  res.redirect(303, `/users?issued=${issued.put(res.locals.user!.id, note)}`);
}

function postAddUser(deps: AppDeps, issued: OneTimeNotes<Issued>): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: AddBody });
    const { user, generatedPassword } = await deps.users.add({ name: body.name, role: body.role, locales: body.locales });
    res.locals.log?.info({ user: user.name, role: user.role }, 'user created');
    redirectIssued(res, issued, { name: user.name, password: generatedPassword! });
  };
}

function postSetRole(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params, body } = validated(req, { params: Name, body: RoleBody });
    try {
      await deps.users.setAccess(params.name, { role: body.role, locales: body.locales });
    } catch (error) {
      if (!(error instanceof ConflictError && error.code === LAST_ADMIN)) throw error;
      res.set('Cache-Control', 'no-store');
      return renderUsers(deps, req, res, { refusal: req.t('users:errors.lastAdmin', { name: params.name }) }, 409);
    }
    res.redirect(303, '/users');
  };
}

function postResetPassword(deps: AppDeps, issued: OneTimeNotes<Issued>): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Name });
    const { user, generatedPassword } = await deps.users.resetPassword(params.name);
    res.locals.log?.info({ user: user.name }, 'password reset');
    redirectIssued(res, issued, { name: user.name, password: generatedPassword! });
  };
}

export const usersRoutes = {
  path: '/users',
  router: (deps) => {
    const router = express.Router();
    const issued = new OneTimeNotes<Issued>();
    router.get('/', requireRole('users.manage'), getUsers(deps, issued));
    router.post('/', requireRole('users.manage'), postAddUser(deps, issued));
    router.post('/:name/role', requireRole('users.manage'), postSetRole(deps));
    router.post('/:name/password', requireRole('users.manage'), postResetPassword(deps, issued));
    return router;
  },
} satisfies RouteModule;
