import { MtError } from '../../core/errors.ts';
import type { MtCapabilities, MtProvider, MtProviderUsage, MtResult } from '../../core/ports/mt-provider.ts';

/**
 * The null provider, chosen when no provider is configured: machine translation is off and segments wait for a human
 * translator. Its configuration hint lists what would turn a real provider on (`hints`, one per registered provider).
 */
export class NoneProvider implements MtProvider {
  readonly id = 'none';
  readonly enabled = false;
  readonly capabilities: MtCapabilities;

  /** `hints`: the configuration hints of the providers that could be configured instead (the registry passes them). */
  constructor(hints: readonly string[] = []) {
    this.capabilities = {
      // Nothing is ever sent; the limits only keep batch planning well-defined.
      batch: { maxTexts: 1, maxRequestBytes: 1 },
      formality: {},
      tagHandling: 'none',
      languageMap: {},
      timeoutMs: 0,
      configHint: hints.length > 0 ? hints.join(' or ') : 'a machine translation provider (none is registered)',
    };
  }

  /** Always throws an `MtError` with code `mt-off`: there is nobody to ask. */
  async translate(): Promise<MtResult> {
    throw new MtError(`mt: machine translation is off; to turn it on, set ${this.capabilities.configHint}`, { code: 'mt-off' });
  }

  async usage(): Promise<MtProviderUsage | null> {
    return null;
  }
}
