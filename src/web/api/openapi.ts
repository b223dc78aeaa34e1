import { z } from 'zod';
import { PERMISSION_MIN_ROLE } from '../../core/roles.ts';
import { PROBLEM_TYPES } from '../errors.ts';
import type { ApiOperation } from './operation.ts';
import { PROBLEM_JSON, problemTypeUri } from './problem.ts';
import { ETAG_PATTERN } from './revision.ts';

/**
 * The OpenAPI 3.1 document of the API, built from the same operation list (and zod schemas) the router is built from.
 * JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so zod's own `toJSONSchema` output is used as it is.
 */

export const API_PREFIX = '/api/v1';

type Json = Record<string, unknown>;

/** The JSON Schema of `schema` as a request reads it (`input`) or an answer is written (`output`), without `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

/** `/articles/:slug` → `/articles/{slug}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    };
  });
}

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The refusals every guarded operation may answer, plus those its features add. */
function errorResponses(op: ApiOperation): Json {
  const unsafe = op.method !== 'get';
  return {
    ...(op.params || op.query || op.body
      ? { 400: problem('Invalid input, or a query parameter the operation does not take: `issues` names each field') }
      : {}),
    401: problem('No valid token or session'),
    403: problem('The token or role may not do this (or a missing CSRF token with a session)'),
    ...(op.params || op.method === 'delete' ? { 404: problem('No such article, locale, segment or entry') } : {}),
    ...(unsafe ? { 409: problem('A conflict with the stored state (workflow step, reused Idempotency-Key)') } : {}),
    ...(op.ifMatch
      ? { 412: problem('If-Match names a revision that is not the current one, or no revision ETag; `etag` is the current one') }
      : {}),
    ...(unsafe ? { 415: problem('The body is not application/json') } : {}),
    ...(op.ifMatch ? { 428: problem('If-Match is missing (or `*`); `etag` is the current ETag to read and send') } : {}),
    429: problem('Too many requests with this token; see Retry-After'),
    503: problem('The database cannot be reached for now (`database-unavailable`); try again after Retry-After'),
  };
}

/** The ETag a translation is answered with: its revision, what a write names in If-Match (api/revision.ts). */
const ETAG_HEADER = {
  description: 'The translation’s revision (`"r<revision>"`), to send back in If-Match with a write',
  required: true,
  schema: { type: 'string', pattern: ETAG_PATTERN },
};

function operationObject(op: ApiOperation): Json {
  const headers: Json[] = [
    ...(op.ifMatch
      ? [
          {
            name: 'If-Match',
            in: 'header',
            required: true,
            schema: { type: 'string', pattern: ETAG_PATTERN },
            description: 'The ETag the translation was read with, quotes included (`"r3"`); no `*`, no weak `W/` ETag',
          },
        ]
      : []),
    ...(op.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 200 },
            description: 'Retries with the same key and body get the first answer',
          },
        ]
      : []),
  ];
  const params = [...parameters(op.params, 'path'), ...parameters(op.query, 'query'), ...headers];
  const responses: Json = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    const etag = (op.ifMatch || op.etag) && status.startsWith('2');
    responses[status] = {
      description: spec.description,
      ...(etag ? { headers: { ETag: ETAG_HEADER } } : {}),
      ...(spec.schema ? { content: { 'application/json': { schema: jsonSchema(spec.schema, 'output') } } } : {}),
    };
  }
  return {
    operationId: op.id,
    summary: op.summary,
    tags: [op.tag],
    'x-permission': op.permission,
    'x-least-role': PERMISSION_MIN_ROLE[op.permission],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
    responses: { ...responses, ...errorResponses(op) },
  };
}

/** The unversioned routes under /api that describe the API itself: public, no token. */
export const SELF_DESCRIBING = [
  { path: '/api/openapi.json', id: 'getOpenApiDocument', summary: 'This OpenAPI document', type: 'application/json' },
  { path: '/api/docs', id: 'getApiDocumentation', summary: 'The API documentation page', type: 'text/html' },
] as const;

/** The whole document for `operations`, served at /api/openapi.json. */
export function openApiDocument(operations: readonly ApiOperation[], info: { readonly version: string }): Json {
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const path = `${API_PREFIX}${openApiPath(op.path)}`;
    paths[path] = { ...paths[path], [op.method]: operationObject(op) };
  }
  for (const self of SELF_DESCRIBING) {
    paths[self.path] = {
      get: {
        operationId: self.id,
        summary: self.summary,
        tags: ['meta'],
        security: [],
        responses: {
          200: {
            description: self.summary,
            content: { [self.type]: { schema: { type: self.type === 'text/html' ? 'string' : 'object' } } },
          },
        },
      },
    };
  }
  return {
    openapi: '3.1.1',
    info: {
      title: 'Tandem API',
      version: info.version,
      description:
        'Articles, translations, machine translation and publishing of a Tandem newsroom. Authenticate with a personal API token ' +
        '(`Authorization: Bearer tdm_…`, made on your account page or with `tandem tokens create`). Writes to a translation need ' +
        '`If-Match` with the ETag read; imports and publishes honour `Idempotency-Key`; errors are RFC 9457 problem documents.',
    },
    servers: [{ url: '/' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    tags: [...new Set(operations.map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (`tdm_…`)' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'tandem_session',
          description: 'A web session; writes also need `X-CSRF-Token`',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          description: 'RFC 9457 problem details',
          required: ['type', 'title', 'status'],
          properties: {
            type: { type: 'string', enum: PROBLEM_TYPES.map(problemTypeUri) },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            code: { type: 'string' },
            reason: { type: 'string' },
            message: { type: 'string', description: 'A refusal’s one-line English sentence, as the `tandem` command prints it (4xx only)' },
            issues: {
              type: 'array',
              items: { type: 'string' },
              description:
                'One sentence per invalid field or parameter, in the request’s language, naming its label and where it was sent: `Language (query.locale): …`',
            },
            errors: {
              type: 'array',
              items: { type: 'string' },
              description: 'The same per field for programs: where it was sent, then what is wrong (`query.limit: …`)',
            },
            limit: { type: 'string', description: 'A size or count limit refused (413): which one' },
            max: { type: 'number', description: 'That limit’s maximum' },
            blockers: { type: 'array', items: {}, description: 'A refused publish: what blocks it' },
            etag: {
              type: 'string',
              pattern: ETAG_PATTERN,
              description: 'A 412 or 428 of If-Match: the translation’s current ETag, to send once its text is read again',
            },
          },
        },
      },
    },
  };
}
