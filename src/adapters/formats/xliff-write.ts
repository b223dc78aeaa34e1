import type { XliffJsUnit } from 'xliff';
import type { Element } from 'xml-js';
import { XLIFF_TANDEM_NS, type XliffDocument, type XliffUnit } from '../../core/ports/xliff-format.ts';

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

/**
 * Tandem's attributes on an element the library wrote: the namespace declaration on the root, and on a unit element
 * (`unitName`) the revision its translation had (XliffUnit.revision), which the importer checks.
 */
export function writeTandemAttributes(element: Element, unitName: string, unit: XliffUnit | undefined): void {
  if (element.name === 'xliff') element.attributes = { ...element.attributes, 'xmlns:tandem': XLIFF_TANDEM_NS };
  if (element.name === unitName && unit?.revision !== undefined)
    element.attributes = { ...element.attributes, 'tandem:revision': String(unit.revision) };
}
