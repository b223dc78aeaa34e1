import { ValidationError } from './errors.ts';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 120;

export type Slug = string & { readonly __brand: 'Slug' };

/** Validate a slug: lowercase letters, digits and single dashes. Anything else (dots, slashes) is refused, so a slug never escapes a directory. */
export function parseSlug(value: unknown): Slug {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_SLUG_LENGTH || !SLUG_PATTERN.test(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : String(value);
    throw new ValidationError(
      `slug: ${shown} is not a valid slug; use lowercase letters, digits and dashes (e.g. "jangmadang-prices-2026")`,
      [],
      {
        reason: 'slug.invalid',
        params: { value: typeof value === 'string' ? value.slice(0, 80) : String(value) },
        problems: [{ code: 'slug', values: { value: typeof value === 'string' ? value.slice(0, 80) : String(value) } }],
      },
    );
  }
  return value as Slug;
}

export function isSlug(value: unknown): value is Slug {
  return typeof value === 'string' && value.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(value);
}
