import { findTerms } from '../core/glossary-match.ts';
import type { Check } from '../core/ports/check.ts';
import { termsIn } from '../core/masking.ts';
import { escapeText, foldForComparison, plainText } from '../core/segment-text.ts';

type GlossaryDetail = {
  missing: { term: string; required: string }[];
  forbidden: { term: string; used: string }[];
};

/** For each glossary term in the source: the target lacks its required rendering or uses a forbidden one. */
export const glossaryCheck = {
  id: 'glossary',
  name: 'glossary.name',
  description: 'glossary.description',
  severity: 'warning',
  run(source, target, ctx) {
    const glossary = ctx.glossary ?? [];
    if (glossary.length === 0 || target.trim() === '') return null;
    const src = plainText(source);
    const tgt = plainText(target);
    const found = new Set(
      findTerms(
        src,
        glossary.map((t) => ({ term: t.source, caseSensitive: t.caseSensitive })),
      ).map((m) => m.index),
    );
    const missing: GlossaryDetail['missing'] = [];
    const forbidden: GlossaryDetail['forbidden'] = [];
    for (const index of found) {
      const entry = glossary[index]!;
      const required = findTerms(tgt, [{ term: entry.target, caseSensitive: entry.caseSensitive }]);
      if (required.length === 0) missing.push({ term: entry.source, required: entry.target });
      // A forbidden rendering inside the required one (`People's Army` in `Korean People's Army`) is not a use of it.
      const inside = (start: number, end: number) => required.some((r) => start >= r.start && end <= r.end);
      for (const bad of entry.forbidden ?? []) {
        const uses = findTerms(tgt, [{ term: bad, caseSensitive: entry.caseSensitive }]).filter((m) => !inside(m.start, m.end));
        if (uses.length) forbidden.push({ term: entry.source, used: bad });
      }
    }
    return missing.length || forbidden.length ? { missing, forbidden } : null;
  },
} satisfies Check<GlossaryDetail>;

/**
 * A confidential term that has a rendering appears in the target in its original form (or another listed form), or in
 * text readers see that the translation carries unchanged from the source (CheckContext.carried; listed in `carried`).
 * Matched as masking matches (core/masking.ts `termsIn`): anywhere, in any letter case and compatibility form, ignoring
 * spaces, tags and ignorable code points. A false alarm costs a look, a miss leaks a name.
 */
export const confidentialCheck = {
  id: 'confidential',
  name: 'confidential.name',
  description: 'confidential.description',
  severity: 'error',
  run(_source, target, ctx) {
    const terms = (ctx.confidential ?? []).filter((t) => t.render !== undefined && t.render !== '');
    if (terms.length === 0) return null;
    const leaked: string[] = [];
    // Leaked through text the translation keeps from the source (an inline image's title): the translator cannot
    // find it in the translation text, so the detail says so.
    const carried: string[] = [];
    for (const t of terms) {
      const rendered = foldForComparison(t.render ?? '').replace(/\s+/gu, '');
      // A form that is the rendering itself (`김철민` rendered `김철민`) is no leak.
      const forms = [t.term, ...(t.forms ?? [])].filter((f) => foldForComparison(f).replace(/\s+/gu, '') !== rendered);
      const masks = forms.map((term) => ({ term }));
      for (const { term } of termsIn(target, masks)) if (!leaked.includes(term)) leaked.push(term);
      for (const text of ctx.carried ?? []) {
        for (const { term } of termsIn(escapeText(text), masks)) {
          if (!leaked.includes(term)) leaked.push(term);
          if (!carried.includes(term)) carried.push(term);
        }
      }
    }
    if (leaked.length === 0) return null;
    return carried.length ? { leaked, carried } : { leaked };
  },
} satisfies Check<{ leaked: string[]; carried?: string[] }>;
