import type { MtProvider } from '../../core/ports/mt-provider.ts';
import { DEEPL_CONFIG_HINT, DeeplProvider, type DeeplProviderConfig } from './deepl.ts';
import { NoneProvider } from './none.ts';

/** The configuration rows of every provider, as main.ts reads them from config.ts. */
export interface MtProvidersConfig {
  readonly deepl: DeeplProviderConfig;
}

/** One registry entry: how to build the provider, whether it is configured, and what to set when it is not. */
interface MtProviderEntry {
  /** The provider's configuration hint, quoted by the `none` provider. */
  readonly configHint: string;
  /** Whether the configuration rows turn this provider on. */
  readonly configured: (config: MtProvidersConfig) => boolean;
  /** Build it; throws a ConfigError saying what to set when its configuration is incomplete. */
  readonly create: (config: MtProvidersConfig) => MtProvider;
}

/**
 * Every real MT provider, in order of preference when several are configured. Adding one is one adapter file, one line
 * here and its configuration rows in config.ts.
 */
export const MT_PROVIDERS = {
  deepl: { configHint: DEEPL_CONFIG_HINT, configured: (c) => Boolean(c.deepl.authKey?.trim()), create: (c) => new DeeplProvider(c.deepl) },
} satisfies Record<string, MtProviderEntry>;

/** A registered provider id, or `none` for the null provider. */
export type MtProviderId = keyof typeof MT_PROVIDERS | 'none';

/** The null provider; its hint names what each registered provider needs. */
export function createNoneProvider(): NoneProvider {
  return new NoneProvider(Object.values(MT_PROVIDERS).map((p: MtProviderEntry) => p.configHint));
}

/**
 * The provider `id`, or else the first configured one, or else `none`. Throws a ConfigError saying what to set when
 * the chosen provider's configuration is incomplete.
 */
export function createMtProvider(config: MtProvidersConfig, id?: MtProviderId): MtProvider {
  const entries = Object.entries(MT_PROVIDERS) as [keyof typeof MT_PROVIDERS, MtProviderEntry][];
  const chosen = id ?? entries.find(([, entry]) => entry.configured(config))?.[0] ?? 'none';
  return chosen === 'none' ? createNoneProvider() : MT_PROVIDERS[chosen].create(config);
}

export { DeeplProvider, NoneProvider };
