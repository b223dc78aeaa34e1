import { InvalidArgumentError } from 'commander';
import { parseIsoDay } from '../core/dates.ts';
import { canonicalLocale, type Locale, requireLocale, requireLocales, UnknownLocaleError } from '../core/locale.ts';
import { parseReleaseTime } from '../core/publication.ts';
import { isRole, ROLES, type Role } from '../core/roles.ts';
import { parseSlug, type Slug } from '../core/slug.ts';
import { firstNonTextChar } from '../core/text.ts';
import { parseUserName } from '../services/users.ts';
import type { CliContext } from './command.ts';
import { ArgumentRefusal, describeError } from './errors.ts';

/**
 * Commander argument parsers for the CLI's options and arguments, each built on the validator the services and the
 * web use (slug, locale, calendar day, release time, role). A value that fails is refused while the command line is
 * parsed, before any data directory is opened: Commander prints one line and `runCli` exits with code 2.
 */
type Parse<T> = (raw: string) => T;

function refuseWith<T>(validate: Parse<T>): Parse<T> {
  return (raw) => {
    try {
      return validate(raw);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      if (error instanceof UnknownLocaleError) throw new ArgumentRefusal(error);
      throw new InvalidArgumentError(describeError(error));
    }
  };
}

/** An article slug (`jangmadang-prices-2026`), as core/slug.ts `parseSlug` accepts it. */
export const slugArgument: Parse<Slug> = refuseWith((raw) => parseSlug(raw));

/** One of the installation's target locales (`en`, `zh-Hans`); the source locale and unknown tags are refused. */
export function targetLocaleOption(ctx: CliContext): Parse<Locale> {
  return refuseWith((raw) => requireLocale('tandem', 'locale', ctx.config().targetLocales, raw));
}

/** A target locale, or the source locale where a command also acts on the original (publish with manual release). */
export function anyLocaleOption(ctx: CliContext): Parse<Locale> {
  return refuseWith((raw) => {
    const locale = canonicalLocale(raw);
    return locale === ctx.config().sourceLocale ? locale : requireLocale('tandem', 'locale', ctx.config().targetLocales, raw);
  });
}

/** Any well-formed BCP 47 tag (`ko`, `zh-Hans`), for data that may hold other pairs (a TMX from an agency). */
export const localeTagOption: Parse<Locale> = refuseWith((raw) => canonicalLocale(raw));

/** The installation's source locale only (`--from ko`): glossaries and memory pair it with a target locale. */
export function sourceLocaleOption(ctx: CliContext): Parse<Locale> {
  return refuseWith((raw) => {
    const locale = canonicalLocale(raw);
    const source = ctx.config().sourceLocale;
    if (locale !== source) throw new InvalidArgumentError(`locale: ${locale} is not the source locale of this installation (${source})`);
    return locale;
  });
}

/**
 * Comma-separated target locales (`en,ja`). The empty string is no locale where that means something (`users
 * set-locales kim ""`); elsewhere (`translate --to`) `atLeastOne` refuses it.
 */
export function targetLocaleListOption(ctx: CliContext, options: { readonly atLeastOne?: boolean } = {}): Parse<Locale[]> {
  return refuseWith((raw) => {
    const tags = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (options.atLeastOne && tags.length === 0) throw new InvalidArgumentError('name at least one target locale, e.g. en or en,ja');
    return requireLocales('tandem', 'locales', ctx.config().targetLocales, tags);
  });
}

/** A calendar day `YYYY-MM-DD`, checked against the calendar. */
export const isoDayOption: Parse<string> = refuseWith((raw) => parseIsoDay(raw));

/**
 * A release time, ISO 8601 with `Z` or an offset; returned as ISO 8601 UTC. Only its form is checked here: the publish
 * service checks that it lies ahead against its own clock.
 */
export const releaseTimeOption: Parse<string> = refuseWith((raw) => parseReleaseTime(raw, new Date(0)));

/**
 * The value of a whole number written in decimal digits (surrounding spaces allowed), or null: `Number()` alone would
 * also read `0x10`, `1e3`, `+5`, `0b11` and `''` (as 0).
 */
function decimal(raw: string): number | null {
  const digits = raw.trim();
  return /^[0-9]{1,15}$/.test(digits) ? Number(digits) : null;
}

/** A published version number, `3` or `v3`. */
export const versionOption: Parse<number> = refuseWith((raw) => {
  const n = decimal(raw.trim().replace(/^v/i, ''));
  if (n === null || n < 1) {
    throw new InvalidArgumentError(`"${raw.slice(0, 40)}" is not a version number (1, 2… or v1, v2…)`);
  }
  return n;
});

/** Commander's accumulator for a repeatable or variadic option whose every value goes through `parse`. */
export function each<T>(parse: Parse<T>): (raw: string, previous: T[] | undefined) => T[] {
  return (raw, previous) => [...(previous ?? []), parse(raw)];
}

/** One slug or several separated by commas (`--article a,b --article c`), accumulated over repeats. */
export function slugList(raw: string, previous: Slug[] | undefined): Slug[] {
  const slugs = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => slugArgument(s));
  if (slugs.length === 0) throw new InvalidArgumentError('name at least one article slug, e.g. jangmadang-prices-2026');
  return [...(previous ?? []), ...slugs];
}

/** A login name, as the users service accepts it (services/users.ts `parseUserName`): `kim`, `lee.s`. */
export const userNameArgument: Parse<string> = refuseWith((raw) => parseUserName(raw));

const MAX_ACTOR_NAME = 64;

/**
 * Who did something, as recorded in history (`--by "Kim Min-ji"`): 1 to 64 characters of text, no line breaks, control
 * characters or bidirectional controls, since every history view and log line shows it.
 */
export const actorNameOption: Parse<string> = refuseWith((raw) => {
  const name = raw.normalize('NFC').trim();
  const count = [...name].length;
  if (count === 0 || count > MAX_ACTOR_NAME) {
    throw new InvalidArgumentError(`a name must have 1 to ${MAX_ACTOR_NAME} characters, got ${count}`);
  }
  const bad = firstNonTextChar(name) ?? firstLayoutChar(name);
  if (bad) throw new InvalidArgumentError(`a name cannot hold ${bad.code} (character ${bad.index + 1}); write the name as text`);
  return name;
});

/** Line breaks, tabs and bidirectional controls: text, but not in a one-line name. */
function firstLayoutChar(text: string): { readonly index: number; readonly code: string } | null {
  const found = /[\t\n\r\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/.exec(text);
  if (!found) return null;
  return { index: found.index, code: `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` };
}

/** One of the roles (core/roles.ts). */
export const roleArgument: Parse<Role> = refuseWith((raw) => {
  if (!isRole(raw)) throw new InvalidArgumentError(`role: "${raw.slice(0, 40)}" is not a role; use one of ${ROLES.join(', ')}`);
  return raw;
});

/** A whole number from `min` to `max` inclusive. */
export function integerOption(min: number, max: number): Parse<number> {
  return refuseWith((raw) => {
    const n = decimal(raw);
    if (n === null || n < min || n > max) {
      throw new InvalidArgumentError(`"${raw.slice(0, 40)}" is not a whole number from ${min} to ${max}`);
    }
    return n;
  });
}

/** One of a fixed list of words (`source`, `target`, `both`). */
export function choiceOption<const T extends string>(choices: readonly T[]): Parse<T> {
  return refuseWith((raw) => {
    const value = raw.trim() as T;
    if (!choices.includes(value)) throw new InvalidArgumentError(`"${raw.slice(0, 40)}" is not one of ${choices.join(', ')}`);
    return value;
  });
}
