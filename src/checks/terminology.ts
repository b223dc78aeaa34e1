import { findTerms } from '../core/glossary-match.ts';
import type { Check } from '../core/ports/check.ts';
import { termsInEach } from '../core/masking.ts';
import { escapeText, foldForComparison, plainText } from '../core/segment-text.ts';
import { quote, quoted, strings } from './describe.ts';

type GlossaryDetail = {
  missing: { term: string; required: string }[];
  forbidden: { term: string; used: string }[];
};

/** `[term, rendering]` of a glossary detail list; entries of another shape (stored by an older version) are skipped. */
function pairs(list: unknown, key: 'required' | 'used'): [string, string][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry: Record<string, unknown>) =>
    typeof entry?.term === 'string' && typeof entry[key] === 'string' ? [[entry.term, entry[key]] as [string, string]] : [],
  );
}

/** Index of the last match starting at or before `at` in matches sorted by start (findTerms order), or -1. */
function lastStartingBy(matches: readonly { readonly start: number }[], at: number): number {
  let lo = 0;
  let hi = matches.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid]!.start <= at) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

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
      const inside = (start: number, end: number) => {
        const r = required[lastStartingBy(required, start)];
        return r !== undefined && end <= r.end;
      };
      for (const bad of entry.forbidden ?? []) {
        const uses = findTerms(tgt, [{ term: bad, caseSensitive: entry.caseSensitive }]).filter((m) => !inside(m.start, m.end));
        if (uses.length) forbidden.push({ term: entry.source, used: bad });
      }
    }
    return missing.length || forbidden.length ? { missing, forbidden } : null;
  },
  describe(detail, t) {
    const missing = pairs(detail.missing, 'required').map(([term, rendering]) => ({ term, required: quote(t, rendering) }));
    const forbidden = pairs(detail.forbidden, 'used').map(([term, rendering]) => ({ term, used: quote(t, rendering) }));
    // English names a single term in a sentence of its own (`_one`); other counts, and Korean always, list the items.
    const missingText = () =>
      t('checks:glossary.missing', {
        ...missing[0],
        list: missing.map((m) => t('checks:glossary.missingItem', m)),
        count: missing.length,
      });
    const forbiddenText = () =>
      t('checks:glossary.forbidden', {
        ...forbidden[0],
        list: forbidden.map((f) => t('checks:glossary.forbiddenItem', f)),
        count: forbidden.length,
      });
    if (missing.length && forbidden.length) return t('checks:glossary.both', { missing: missingText(), forbidden: forbiddenText() });
    if (missing.length) return missingText();
    return forbidden.length ? forbiddenText() : '';
  },
  examples: [
    { source: '관광객 22명이 왔다.', target: '22 visitors came.', ctx: { glossary: [{ source: '관광객', target: 'tourists' }] } },
    {
      source: '관광객들이 장마당을 찾았다.',
      target: 'Visitors went to the market.',
      ctx: {
        glossary: [
          { source: '관광객', target: 'tourists' },
          { source: '장마당', target: 'jangmadang' },
        ],
      },
    },
    {
      source: '조선인민군이 훈련을 마쳤다.',
      target: 'The North Korean Army finished its drills.',
      ctx: { glossary: [{ source: '조선인민군', target: "Korean People's Army", forbidden: ['North Korean Army'] }] },
    },
  ],
} satisfies Check<GlossaryDetail>;

/** What the confidential check reports: each form found, the rendering to write instead (same order), and what of it is carried. */
type ConfidentialDetail = { leaked: string[]; renderings: string[]; carried?: string[] };

/**
 * A confidential term that has a rendering appears in the target in its original form (or another listed form), or in
 * text readers see that the translation carries unchanged from the source (CheckContext.carried; listed in `carried`).
 * Matched as masking matches (core/masking.ts `termsInEach`): anywhere, in any letter case and compatibility form, ignoring
 * spaces, tags and ignorable code points. A false alarm costs a look, a miss leaks a name. The detail names the rendering
 * to write instead of each form found (`renderings`): the translator of the article may see it (check results are
 * shown on its review page and to staff through the API, never to readers or in logs).
 */
export const confidentialCheck = {
  id: 'confidential',
  name: 'confidential.name',
  description: 'confidential.description',
  severity: 'error',
  run(_source, target, ctx) {
    const terms = (ctx.confidential ?? []).filter((t) => t.render !== undefined && t.render !== '');
    if (terms.length === 0) return null;
    const forms = terms.map((t) => {
      const rendered = foldForComparison(t.render ?? '').replace(/\s+/gu, '');
      // A form that is the rendering itself (`김철민` rendered `김철민`) is no leak.
      return [t.term, ...(t.forms ?? [])].filter((f) => foldForComparison(f).replace(/\s+/gu, '') !== rendered).map((term) => ({ term }));
    });
    // Each form found, with the rendering of its term (the first term listing it, as masking matches).
    const leaked = new Map<string, string>();
    const found = (text: string) => termsInEach(text, forms).flatMap((hits, i) => hits.map((f) => [f.term, terms[i]!.render!] as const));
    for (const [form, render] of found(target)) if (!leaked.has(form)) leaked.set(form, render);
    // Leaked through text the translation keeps from the source (an inline image's title): the translator cannot
    // find it in the translation text, so the detail says so.
    const carried = new Set<string>();
    for (const text of ctx.carried ?? []) {
      for (const [form, render] of found(escapeText(text))) {
        carried.add(form);
        if (!leaked.has(form)) leaked.set(form, render);
      }
    }
    if (leaked.size === 0) return null;
    const detail = { leaked: [...leaked.keys()], renderings: [...leaked.values()] };
    return carried.size ? { ...detail, carried: [...carried] } : detail;
  },
  describe(detail, t) {
    const leaked = strings(detail.leaked);
    if (!leaked.length) return '';
    const carried = strings(detail.carried);
    const renderings = strings(detail.renderings);
    // A detail stored before renderings were recorded names the terms only.
    const sentence =
      renderings.length !== leaked.length
        ? t('checks:confidential.result', { list: quoted(t, leaked), count: leaked.length })
        : t('checks:confidential.named', {
            term: quote(t, leaked[0]!),
            rendering: quote(t, renderings[0]!),
            list: leaked.map((term, i) =>
              t('checks:confidential.namedItem', { term: quote(t, term), rendering: quote(t, renderings[i]!) }),
            ),
            count: leaked.length,
          });
    return carried.length
      ? `${sentence} ${t('checks:confidential.carried', { list: quoted(t, carried), count: carried.length })}`
      : sentence;
  },
  examples: [
    {
      source: '김철수씨가 말했다.',
      target: 'Kim Chol-su said.',
      ctx: { confidential: [{ term: '김철수', render: 'a source', forms: ['Kim Chol-su'] }] },
    },
    {
      source: '사진 속 인물',
      target: 'The person in the photo',
      ctx: { confidential: [{ term: '김철수', render: 'a source' }], carried: ['김철수 촬영'] },
    },
  ],
} satisfies Check<ConfidentialDetail>;
