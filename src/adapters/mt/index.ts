import type { MtProvider } from '../../core/ports/mt-provider.ts';
import { DeeplProvider, type DeeplProviderConfig } from './deepl.ts';
import { NoneProvider } from './none.ts';

export interface MtProvidersConfig {
  readonly deepl: DeeplProviderConfig;
}

/** Every MT provider; adding one is one file plus one line here. */
export const MT_PROVIDERS = {
  deepl: (config: MtProvidersConfig) => new DeeplProvider(config.deepl),
  none: () => new NoneProvider(),
} satisfies Record<string, (config: MtProvidersConfig) => MtProvider>;

export type MtProviderId = keyof typeof MT_PROVIDERS;

/** DeepL when a key is set, else the null provider. A bad configuration throws a ConfigError saying what to set. */
export function createMtProvider(config: MtProvidersConfig, id?: MtProviderId): MtProvider {
  const chosen: MtProviderId = id ?? (config.deepl.authKey?.trim() ? 'deepl' : 'none');
  return MT_PROVIDERS[chosen](config);
}

export { DeeplProvider, NoneProvider };
