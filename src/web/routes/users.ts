import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { DEFAULT_TARGET_LOCALES } from '../../core/locale.ts';
import { ConflictError } from '../../core/errors.ts';
import { ROLES } from '../../core/roles.ts';
import { LAST_ADMIN } from '../../services/users.ts';
import type { AppDeps } from '../deps.ts';
import { requireRole } from '../guards.ts';
import { pageContext, sendPage } from '../render.ts';
import { validated } from '../validate.ts';
import { type UsersView, usersView } from '../views/users.ts';
import type { RouteModule } from './index.ts';

const Name = z.object({ name: z.string().min(1).max(64) });
// A single checked box arrives as a string, several as an array, none as nothing.
const Locales = z
  .union([z.string().max(35), z.array(z.string().max(35)).max(50)])
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

function getUsers(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', 'no-store');
    await renderUsers(deps, req, res);
  };
}

function postAddUser(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { body } = validated(req, { body: AddBody });
    const { user, generatedPassword } = await deps.users.add({ name: body.name, role: body.role, locales: body.locales });
    res.locals.log?.info({ user: user.name, role: user.role }, 'user created');
    // The password is shown in this response only, never in a URL or a redirect.
    res.set('Cache-Control', 'no-store');
    await renderUsers(deps, req, res, { issued: { name: user.name, password: generatedPassword! } }, 201);
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

function postResetPassword(deps: AppDeps): RequestHandler {
  return async (req, res) => {
    const { params } = validated(req, { params: Name });
    const { user, generatedPassword } = await deps.users.resetPassword(params.name);
    res.locals.log?.info({ user: user.name }, 'password reset');
    res.set('Cache-Control', 'no-store');
    await renderUsers(deps, req, res, { issued: { name: user.name, password: generatedPassword! } });
  };
}

export const usersRoutes = {
  path: '/users',
  router: (deps) => {
    const router = express.Router();
    router.get('/', requireRole('users.manage'), getUsers(deps));
    router.post('/', requireRole('users.manage'), postAddUser(deps));
    router.post('/:name/role', requireRole('users.manage'), postSetRole(deps));
    router.post('/:name/password', requireRole('users.manage'), postResetPassword(deps));
    return router;
  },
} satisfies RouteModule;
