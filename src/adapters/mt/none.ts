import { MtError } from '../../core/errors.ts';
import type { MtGlossaryInfo, MtProvider, MtProviderUsage, MtResult } from '../../core/ports/mt-provider.ts';

/** The provider when no key is set: machine translation is off, segments wait for a human translator. */
export class NoneProvider implements MtProvider {
  readonly id = 'none';
  readonly enabled = false;

  async translate(): Promise<MtResult> {
    throw new MtError('mt: machine translation is off; set DEEPL_AUTH_KEY to turn it on', { code: 'mt-off' });
  }

  supportsFormality(): boolean {
    return false;
  }

  async createGlossary(): Promise<MtGlossaryInfo> {
    throw new MtError('mt: machine translation is off; glossaries are only uploaded to a provider', { code: 'mt-off' });
  }

  async listGlossaries(): Promise<MtGlossaryInfo[]> {
    return [];
  }

  async deleteGlossary(): Promise<void> {}

  async usage(): Promise<MtProviderUsage | null> {
    return null;
  }
}
