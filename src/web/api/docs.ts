import { html, type SafeHtml } from '../html.ts';
import type { PageContext } from '../render.ts';

/**
 * The API's documentation page, rendered on the server from the OpenAPI document itself (no renderer script, no CDN):
 * every operation with its method, path, least role, parameters and body schema, then the problem types.
 */

type Json = Record<string, unknown>;

const METHODS = ['get', 'post', 'put', 'delete'] as const;

function anchorOf(id: string): string {
  return `op-${id}`;
}

/** A schema as JSON; a long one scrolls, so it takes keyboard focus (tabindex) and has a name to be announced by. */
function schemaBlock(ctx: PageContext, schema: unknown): SafeHtml {
  return html`<pre class="api-schema" tabindex="0" aria-label="${ctx.t('api:docs.body')}"><code>${JSON.stringify(schema, null, 2)}</code></pre>`;
}

function operationSection(ctx: PageContext, method: string, path: string, op: Json): SafeHtml {
  const params = (op.parameters as Json[] | undefined) ?? [];
  const body = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.['application/json']?.schema;
  const responses = Object.entries((op.responses as Record<string, { description?: string }>) ?? {});
  return html`<section class="api-operation" id="${anchorOf(String(op.operationId))}" aria-labelledby="${anchorOf(String(op.operationId))}-h">
    <h3 id="${anchorOf(String(op.operationId))}-h"><code>${method.toUpperCase()} ${path}</code></h3>
    <p>${String(op.summary ?? '')}</p>
    ${op['x-least-role'] ? html`<p>${ctx.t('api:docs.leastRole', { role: String(op['x-least-role']), permission: String(op['x-permission']) })}</p>` : html`<p>${ctx.t('api:docs.public')}</p>`}
    ${
      params.length > 0
        ? html`<div class="table-scroll"><table><caption>${ctx.t('api:docs.parameters')}</caption>
          <thead><tr><th scope="col">${ctx.t('api:docs.name')}</th><th scope="col">${ctx.t('api:docs.in')}</th><th scope="col">${ctx.t('api:docs.required')}</th><th scope="col">${ctx.t('api:docs.description')}</th></tr></thead>
          <tbody>${params.map(
            (p) =>
              html`<tr><td><code>${String(p.name)}</code></td><td>${String(p.in)}</td><td>${p.required ? ctx.t('api:docs.yes') : ctx.t('api:docs.no')}</td><td>${String(p.description ?? '')}</td></tr>`,
          )}</tbody></table></div>`
        : ''
    }
    ${body ? html`<h4>${ctx.t('api:docs.body')}</h4>${schemaBlock(ctx, body)}` : ''}
    <h4>${ctx.t('api:docs.responses')}</h4>
    <ul>${responses.map(([status, r]) => html`<li><code>${status}</code> ${r.description ?? ''}</li>`)}</ul>
  </section>`;
}

/** The page's body for `document` (the object served at /api/openapi.json). */
export function apiDocsView(ctx: PageContext, document: Json): SafeHtml {
  const paths = Object.entries(document.paths as Record<string, Record<string, Json>>);
  const operations = paths.flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })),
  );
  const tags = [...new Set(operations.map(({ op }) => String((op.tags as string[])[0])))];
  const problems = ((document.components as Json).schemas as Record<string, Json>).Problem as { properties: { type: { enum: string[] } } };
  return html`<p>${ctx.t('api:docs.intro')}</p>
    <p><a href="/api/openapi.json">${ctx.t('api:docs.document')}</a> · <a href="/account/tokens">${ctx.t('api:docs.tokens')}</a></p>
    <nav aria-label="${ctx.t('api:docs.contents')}"><ul>${tags.map((tag) => html`<li><a href="#tag-${tag}">${tag}</a></li>`)}<li><a href="#problems">${ctx.t('api:docs.problems')}</a></li></ul></nav>
    ${tags.map(
      (tag) => html`<section aria-labelledby="tag-${tag}"><h2 id="tag-${tag}">${tag}</h2>
        ${operations.filter(({ op }) => (op.tags as string[])[0] === tag).map(({ path, method, op }) => operationSection(ctx, method, path, op))}
      </section>`,
    )}
    <section aria-labelledby="problems"><h2 id="problems">${ctx.t('api:docs.problems')}</h2>
      <p>${ctx.t('api:docs.problemsIntro')}</p>
      <ul>${problems.properties.type.enum.map((uri) => {
        const type = uri.slice(uri.indexOf('#problem-') + '#problem-'.length);
        return html`<li id="problem-${type}"><code>${type}</code></li>`;
      })}</ul>
    </section>`;
}
