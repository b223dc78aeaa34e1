import type { Request, Response } from 'express';
import { z } from 'zod';

const slugParam = z.string().min(1).max(120);
const localeParam = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[A-Za-z0-9-]+$/);

/** `/publish/:slug` */
export const ArticleParams = z.object({ slug: slugParam });
/** `/publish/:slug/:locale/…` */
export const LocaleParams = z.object({ slug: slugParam, locale: localeParam });
/** `/publish/:slug/:locale/versions/:version` */
export const VersionParams = LocaleParams.extend({ version: z.coerce.number().int().positive() });

/** An API client asked for JSON rather than a page. */
export function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** The signed-in user as the publish service records them (routes behind requireRole only). */
export function actorOf(res: Response): { readonly name: string; readonly role: string } {
  const user = res.locals.user!;
  return { name: user.name, role: user.role };
}
