/** The language subtag, lowercased (`zh-Hans` → `zh`): checks compare language pairs, not regional variants. */
export function language(locale: string): string {
  return locale.split('-')[0]!.toLowerCase();
}
