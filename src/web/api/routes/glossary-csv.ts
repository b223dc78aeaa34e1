import { z } from 'zod';
import { GLOSSARY_FILE_MAX_BYTES } from '../../../services/glossary.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';

/** A pair's glossary as the CSV file the web page and `tandem glossary import|export` exchange (services/glossary.ts). */

const Pair = z.object({ from: localeField, to: localeField });

export const GLOSSARY_CSV_OPERATIONS: readonly ApiOperation[] = [
  operation({
    method: 'get',
    path: '/glossaries/:from/:to/csv',
    id: 'exportGlossaryCsv',
    summary: 'The pair’s glossary as a CSV file that the import reads back',
    tag: 'glossary',
    permission: 'article.view',
    params: Pair,
    responses: { 200: { description: 'CSV (text/csv, UTF-8)' } },
    handle: async ({ deps, params }) => {
      return {
        body: await requireService(deps.glossary, 'glossary').exportCsv(params.from, params.to),
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="glossary-${params.from}-${params.to}.csv"`,
        },
      };
    },
  }),
  operation({
    method: 'post',
    path: '/glossaries/:from/:to/csv',
    id: 'importGlossaryCsv',
    summary: 'Import a glossary CSV (as text): merged into the pair’s glossary, or replacing it; a bad file stores nothing',
    tag: 'glossary',
    permission: 'glossary.manage',
    params: Pair,
    body: z.object({
      content: z.string().max(GLOSSARY_FILE_MAX_BYTES).describe('The CSV: source,target[,forbidden,note,case_sensitive]'),
      mode: z
        .enum(['merge', 'replace', 'overwrite'])
        .default('merge')
        .describe(
          'Keep the entries already there (merge), drop them (replace), or drop them unless the file has no entries (overwrite: an empty file is refused and changes nothing, as `tandem glossary import` without --merge or --replace)',
        ),
      file: z.string().max(1024).optional().describe('A file name, for the refusals’ wording'),
    }),
    idempotent: true,
    responses: {
      200: {
        description: 'The pair (canonical locales) and its glossary size afterwards',
        schema: z.object({ sourceLocale: z.string(), targetLocale: z.string(), entries: z.number().int() }),
      },
    },
    handle: async ({ deps, params, body }) => {
      const imported = await requireService(deps.glossary, 'glossary').importFile({
        from: params.from,
        to: params.to,
        content: body.content,
        ...(body.file === undefined ? {} : { file: body.file }),
        merge: body.mode === 'merge',
        replace: body.mode === 'replace',
      });
      return { body: imported };
    },
  }),
];
