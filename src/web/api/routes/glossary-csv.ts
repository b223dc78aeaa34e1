import { z } from 'zod';
import { GLOSSARY_FILE_MAX_BYTES, parseGlossaryFile } from '../../../services/glossary.ts';
import { requireService } from '../../guards.ts';
import { localeField } from '../../validate.ts';
import { type ApiOperation, operation } from '../operation.ts';
import { requireInstallationPair } from './pair.ts';

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
      requireInstallationPair(deps, params);
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
      content: z.string().min(1).max(GLOSSARY_FILE_MAX_BYTES).describe('The CSV: source,target[,forbidden,note,case_sensitive]'),
      mode: z.enum(['merge', 'replace']).default('merge').describe('Keep the entries already there (merge) or drop them'),
      file: z.string().max(200).optional().describe('A file name, for the refusals’ wording'),
    }),
    idempotent: true,
    responses: {
      200: { description: 'The pair’s glossary size afterwards', schema: z.object({ entries: z.number().int() }) },
    },
    handle: async ({ deps, params, body }) => {
      requireInstallationPair(deps, params);
      const { entries, details } = parseGlossaryFile(body.content, body.file ?? 'glossary.csv');
      const record = await requireService(deps.glossary, 'glossary').import({
        from: params.from,
        to: params.to,
        entries,
        details,
        merge: body.mode === 'merge',
        replace: body.mode === 'replace',
      });
      return { body: { entries: Object.keys(record.entries).length } };
    },
  }),
];
