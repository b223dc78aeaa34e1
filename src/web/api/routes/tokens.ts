import { z } from 'zod';
import { AppError } from '../../../core/errors.ts';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, MAX_TOKEN_NAME_LENGTH } from '../../../services/api-tokens.ts';
import { tokenIdParam } from '../../id-params.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';

const TokenOut = z.object({
  id: z.string(),
  userId: z.string(),
  user: z.string().nullable().describe('The owner’s login name (null when the account is gone)'),
  name: z.string(),
  readOnly: z.boolean(),
  locales: z.array(z.string()).nullable().describe('The token’s own narrowing; null: every locale its owner may act on'),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  state: z.enum(['active', 'expired', 'revoked']),
});

const UserName = z.string().min(1).max(64);
const TokenId = z.object({ id: tokenIdParam.describe('The token’s id (`t-…`), never its secret') });

export const TOKEN_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/tokens',
    id: 'listApiTokens',
    summary: 'API tokens (of one user, or everyone’s) with scope, state and last use; never the secrets',
    tag: 'tokens',
    permission: 'users.manage',
    query: z.object({ user: UserName.optional().describe('Only this user’s tokens') }),
    responses: { 200: { description: 'Tokens, newest first', schema: z.object({ items: z.array(TokenOut) }) } },
    handle: async ({ deps, query }) => ({ body: { items: await requireService(deps.apiTokens, 'API tokens').listFor(query.user) } }),
  }),
  operation({
    method: 'post',
    path: '/tokens',
    id: 'createApiToken',
    summary: 'Make an API token for a user; the secret is in the answer, once (only its hash is stored)',
    tag: 'tokens',
    permission: 'users.manage',
    body: z.object({
      user: UserName.describe('The owner; the token never does more than their role'),
      name: z
        .string()
        .min(1)
        .max(MAX_TOKEN_NAME_LENGTH * 2)
        .describe('What the token is for, e.g. “CMS import”'),
      readOnly: z.boolean().optional(),
      locales: z.array(localeField).max(20).optional().describe('Narrow it to these target locales'),
      days: z.number().int().min(1).max(MAX_TOKEN_DAYS).optional().describe(`Lifetime in days (default ${DEFAULT_TOKEN_DAYS})`),
    }),
    responses: { 201: { description: 'The secret and the token', schema: z.object({ secret: z.string(), token: TokenOut }) } },
    handle: async ({ deps, body, res }) => {
      // A token narrowed to locales must not mint one that is not: the new token would escape the narrowing.
      if (res.locals.apiPrincipal?.locales)
        throw new AppError('token-scope', 'api: a token narrowed to locales cannot make tokens', { reason: 'token.locale' });
      const answer = await requireService(deps.apiTokens, 'API tokens').createFor(body.user, {
        name: body.name,
        readOnly: body.readOnly ?? false,
        locales: body.locales ?? [],
        ...(body.days === undefined ? {} : { expiresInDays: body.days }),
      });
      return { status: 201, body: answer };
    },
  }),
  operation({
    method: 'delete',
    path: '/tokens/:id',
    id: 'revokeApiToken',
    summary: 'Revoke a token from now on (revoking a revoked one changes nothing)',
    tag: 'tokens',
    permission: 'users.manage',
    params: TokenId,
    responses: { 200: { description: 'The token as stored now', schema: TokenOut.omit({ user: true }) } },
    handle: async ({ deps, params, user }) => ({ body: await requireService(deps.apiTokens, 'API tokens').revoke(params.id, user) }),
  }),
];
