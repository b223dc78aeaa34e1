import type { XliffJsUnit } from 'xliff';
import type { XliffDocument, XliffUnit } from '../../core/ports/xliff-format.ts';

/**
 * A document as the library's resources (file slug → unit id → unit, each unit as `toJs` writes it), and a look-up of
 * the document's units by file slug and unit id for the attributes the library cannot write itself.
 */
export function xliffResources(
  document: XliffDocument,
  toJs: (unit: XliffUnit) => XliffJsUnit,
): {
  readonly resources: Record<string, Record<string, XliffJsUnit>>;
  readonly unitAt: (slug: string, id: string) => XliffUnit | undefined;
} {
  const byId = new Map<string, XliffUnit>();
  const resources: Record<string, Record<string, XliffJsUnit>> = {};
  for (const f of document.files) {
    const units: Record<string, XliffJsUnit> = {};
    for (const u of f.units) {
      byId.set(`${f.slug}\u0000${u.id}`, u);
      units[u.id] = toJs(u);
    }
    resources[f.slug] = units;
  }
  return { resources, unitAt: (slug, id) => byId.get(`${slug}\u0000${id}`) };
}
