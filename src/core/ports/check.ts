import type { Locale } from '../locale.ts';
import type { CheckResult } from '../model.ts';

export type { CheckResult };

export const CHECK_SEVERITIES = ['error', 'warning'] as const;
/** `error` blocks approval unless a reviewer overrides it with a reason; `warning` informs. */
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/** A glossary entry as checks and the matcher see it: plain data, independent of where the glossary is stored. */
export interface GlossaryTerm {
  /** The term in the source language (`조선인민군`). */
  readonly source: string;
  /** The rendering the target must use (`Korean People's Army`). */
  readonly target: string;
  /** Renderings the target must not use (`North Korean Army`). */
  readonly forbidden?: readonly string[];
  /** A note for translators, shown with the match. */
  readonly note?: string;
  /** Match Latin-script terms and renderings case-sensitively; default: true for acronyms (`US`, `WHO`), else false. */
  readonly caseSensitive?: boolean;
}

/** A name or detail that must not appear in a translation once a rendering (a pseudonym, "a source") was set. */
export interface ConfidentialTerm {
  /** The confidential term as it is written in the source (`김철수`). */
  readonly term: string;
  /** What translations show instead (as in ConfidentialTermRecord.render); when absent the original may appear. */
  readonly render?: string;
  /** Other forms of the original that would leak it too (`Kim Chol-su`). */
  readonly forms?: readonly string[];
}

/** What a check may look at besides the two texts. */
export interface CheckContext {
  /** The source locale (`ko`). */
  readonly sourceLocale: Locale;
  /** The target locale (`en`, `ja`, `zh-Hans`). */
  readonly targetLocale: Locale;
  /** Glossary entries for this language pair. */
  readonly glossary?: readonly GlossaryTerm[];
  /** Confidential terms of the article. */
  readonly confidential?: readonly ConfidentialTerm[];
  /** Hangul strings allowed to remain in a non-Korean target (proper nouns such as a newspaper's name). */
  readonly allowedHangul?: readonly string[];
  /**
   * Text of this segment that readers see and the translation carries unchanged from the source, as plain text: inline
   * tag attributes no segment translates (an inline image's title, inline code; core/tag-attributes.ts).
   */
  readonly carried?: readonly string[];
}

/** What a failing check reports; always structured (`{ missing: ['2024'] }`), never a bare boolean. */
export type CheckDetail = Readonly<Record<string, unknown>>;

/**
 * The translate function a check describes its result with: i18next's `t`, bound to the reader's language. Keys are in
 * namespace `checks` (`checks:numbers.missing`); interpolation values are plain strings or numbers, escaped by the view.
 */
export type CheckTranslate = (key: string, options?: Readonly<Record<string, unknown>>) => string;

/** A pair the check fails on, with the context it needs: documentation, `tandem check --list` and the rendering tests. */
export interface CheckExample {
  readonly source: string;
  readonly target: string;
  /** Context beyond the default (`ko` → `en`, empty glossary and terms). */
  readonly ctx?: Partial<CheckContext>;
}

/**
 * A quality check: pure and synchronous, from (source, target, context) to null when it passes or a detail when it
 * fails. Source and target are segment texts with inline tags (`<g1>…</g1>`, `<x2/>`) and XML-escaped `&lt; &gt; &amp;`.
 *
 * @example
 * export const doubleSpaceCheck = {
 *   id: 'double-space',
 *   name: 'double-space.name',
 *   description: 'double-space.description',
 *   severity: 'warning',
 *   run: (_source, target) => (target.includes('  ') ? { count: target.split('  ').length - 1 } : null),
 *   describe: ({ count }, t) => t('checks:double-space.result', { count }),
 *   examples: [{ source: '두 칸.', target: 'Two  spaces.' }],
 * } satisfies Check<{ count: number }>;
 */
export interface Check<D extends CheckDetail = CheckDetail> {
  /** Stable kebab-case id; stored with results, never changes. */
  readonly id: string;
  /** i18next key (namespace `checks`) of the short name. */
  readonly name: string;
  /** i18next key (namespace `checks`) of a one-sentence description. */
  readonly description: string;
  /** How a failure counts towards approval. */
  readonly severity: CheckSeverity;
  /** Null when the pair passes; otherwise what is wrong. */
  run(source: string, target: string, ctx: CheckContext): D | null;
  /**
   * The result as one sentence in the reader's language ("Numbers: 22 is in the source but not in the translation"
   * without the name: "22 is in the source but not in the translation"), never a key-value dump; the structured detail
   * stays for `--json` and the API. Keys are in namespace `checks` (`checks:numbers.missing`); lists go through
   * i18next's `list` formatter and counts through its plurals. Callers show it through services/check-text.ts, which
   * adds the name and copes with results of removed checks and crashes. (Weblate: `get_description`.)
   */
  describe(detail: D, t: CheckTranslate): string;
  /** At least one pair this check fails on: `tandem check --list`, the README and the rendering tests use them. */
  readonly examples: readonly [CheckExample, ...CheckExample[]];
}

/**
 * Checks switched off by configuration (TANDEM_CHECKS_OFF): ids off everywhere, and ids off for one target locale
 * (`ja` → `['end-punctuation']`, keyed by canonical locale tag). Ids are validated against the registry when the check
 * service is built.
 */
export interface ChecksOff {
  readonly everywhere: readonly string[];
  readonly byLocale: Readonly<Record<string, readonly string[]>>;
}
