import { findTerms } from '../core/glossary-match.ts';
import type { Check, ConfidentialTerm } from '../core/ports/check.ts';
import { splitPlaceholders, termsInEach } from '../core/masking.ts';
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

/**
 * What the confidential check reports: each form found, the rendering to write instead (same order), and what of it is
 * carried; and each term of the source the target dropped, with the rendering it should hold (same order).
 */
type ConfidentialDetail = { leaked: string[]; renderings: string[]; carried?: string[]; dropped?: string[]; droppedRenderings?: string[] };

/** Folded, without white space: how a form and a rendering are compared (as masking compares them). */
function squeezed(text: string): string {
  return foldForComparison(text).replace(/\s+/gu, '');
}

/**
 * The terms (with renderings) the source names that the target neither names, nor renders, nor keeps a placeholder
 * of: a name dropped in translation, which the reader then misses. A placeholder the draft kept (`<tdmc i="1"/>`) may
 * stand for any term, and so may a term the source does not name, leaked (`Kim` for `김철민`, reported as a leak
 * already) or rendered (`a source`, the rendering of `Kim Yong-su`, for `김영수` rendered `한 소식통`): each one
 * excuses one dropped term; when more are dropped, every dropped term is listed.
 */
function droppedTerms(source: string, target: string, terms: readonly ConfidentialTerm[], leaked: ReadonlySet<string>): ConfidentialTerm[] {
  const inSource = termsInEach(
    source,
    terms.map((t) => [t.term, ...(t.forms ?? [])].map((term) => ({ term }))),
  );
  const inTarget = termsInEach(
    target,
    terms.map((t) => [{ term: t.render! }]),
  );
  const named = (t: ConfidentialTerm) => [t.term, ...(t.forms ?? [])].some((f) => leaked.has(f));
  const dropped = terms.filter((t, i) => inSource[i]!.length > 0 && inTarget[i]!.length === 0 && !named(t));
  const standIns = terms.filter((t, i) => inSource[i]!.length === 0 && (named(t) || inTarget[i]!.length > 0)).length;
  const placeholders = splitPlaceholders(target).filter((part) => typeof part === 'number').length;
  return dropped.length > placeholders + standIns ? dropped : [];
}

/**
 * A confidential term that has a rendering appears in the target in its original form (or another listed form), or in
 * text readers see that the translation carries unchanged from the source (CheckContext.carried; listed in `carried`).
 * Matched as masking matches (core/masking.ts `termsInEach`): anywhere, in any letter case and compatibility form, ignoring
 * spaces, tags and ignorable code points. A false alarm costs a look, a miss leaks a name. The detail names the rendering
 * to write instead of each form found (`renderings`): the translator of the article may see it (check results are
 * shown on its review page and to staff through the API, never to readers or in logs). Also fails when the source
 * names a term that the target drops: neither a form of it, nor its rendering, nor a placeholder (`dropped`).
 */
export const confidentialCheck = {
  id: 'confidential',
  name: 'confidential.name',
  description: 'confidential.description',
  severity: 'error',
  run(source, target, ctx) {
    const terms = (ctx.confidential ?? []).filter((t) => t.render !== undefined && t.render !== '');
    if (terms.length === 0) return null;
    const forms = terms.map((t) => {
      const rendered = squeezed(t.render ?? '');
      // A form that is the rendering itself (`김철민` rendered `김철민`) is no leak.
      return [t.term, ...(t.forms ?? [])].filter((f) => squeezed(f) !== rendered).map((term) => ({ term }));
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
    const dropped = droppedTerms(source, target, terms, new Set(leaked.keys()));
    if (leaked.size === 0 && dropped.length === 0) return null;
    const detail: ConfidentialDetail = { leaked: [...leaked.keys()], renderings: [...leaked.values()] };
    if (carried.size) detail.carried = [...carried];
    if (dropped.length) {
      detail.dropped = dropped.map((t) => t.term);
      detail.droppedRenderings = dropped.map((t) => t.render!);
    }
    return detail;
  },
  describe(detail, t) {
    const leaked = strings(detail.leaked);
    const dropped = strings(detail.dropped);
    const droppedRenderings = strings(detail.droppedRenderings);
    const droppedSentence =
      dropped.length && droppedRenderings.length === dropped.length
        ? t('checks:confidential.dropped', {
            term: quote(t, dropped[0]!),
            rendering: quote(t, droppedRenderings[0]!),
            list: dropped.map((term, i) =>
              t('checks:confidential.namedItem', { term: quote(t, term), rendering: quote(t, droppedRenderings[i]!) }),
            ),
            count: dropped.length,
          })
        : '';
    if (!leaked.length) return droppedSentence;
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
    const leakedSentence = carried.length
      ? `${sentence} ${t('checks:confidential.carried', { list: quoted(t, carried), count: carried.length })}`
      : sentence;
    return droppedSentence ? t('checks:confidential.both', { leaked: leakedSentence, dropped: droppedSentence }) : leakedSentence;
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
    {
      source: '김철수씨가 말했다.',
      target: 'He said.',
      ctx: { confidential: [{ term: '김철수', render: 'a source' }] },
    },
  ],
} satisfies Check<ConfidentialDetail>;
