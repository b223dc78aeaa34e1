import type { ReadingServices } from './remote-reading.ts';
import { segmentListing } from './segment-listing.ts';
import { articleStatusRow, statusListing } from './status-report.ts';
import type { Tandem } from './tandem.ts';

/**
 * The reading use cases on an open data directory: the Tandem's own services, plus the reports the command line
 * composes from them (status, segments), which a server answers from the same functions.
 */
export function localReading(tandem: Tandem): ReadingServices {
  return {
    usage: tandem.usage,
    confidential: tandem.confidential,
    users: tandem.users,
    publish: tandem.publish,
    xliff: tandem.xliff,
    memory: tandem.memory,
    glossary: tandem.glossary,
    checks: tandem.checks,
    status: { listing: (query) => statusListing(tandem, query), article: (slug) => articleStatusRow(tandem, slug) },
    segments: { list: (slug, locale) => segmentListing(tandem, slug, locale) },
  };
}
