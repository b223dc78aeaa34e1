import type { PublicationStore } from '../../core/ports/publication-store.ts';
import type { PublicationNotifier, PublishTarget } from '../../core/ports/publish-target.ts';
import { HugoPublishTarget } from './hugo-publish-target.ts';
import { SilentNotifier, WebhookNotifier, type WebhookLogger } from './webhook-notifier.ts';

export { HugoPublishTarget } from './hugo-publish-target.ts';
export {
  SilentNotifier,
  WEBHOOK_HEADERS,
  WebhookNotifier,
  webhookSignature,
  type WebhookLogger,
  type WebhookNotifierConfig,
} from './webhook-notifier.ts';

export interface PublishingConfig {
  /** Where versions are recorded: the storage backend's publication store (its owner closes it). */
  readonly publications: PublicationStore;
  /** Root of the Hugo-style tree: `<publishDir>/<locale>/<slug>.md`. */
  readonly publishDir: string;
  /** TANDEM_WEBHOOK_URL and TANDEM_WEBHOOK_SECRET, or null for no webhook. */
  readonly webhook: { readonly url: string; readonly secret: string } | null;
  readonly logger?: WebhookLogger;
  /** How long close() waits for webhook deliveries still retrying (default 5 s); later ones are dropped. */
  readonly drainTimeoutMs?: number;
}

/** The publishing adapters, ready to spread into PublishDeps / ReaderDeps. */
export interface Publishing {
  /** The publication store passed in, passed through. */
  readonly publications: PublicationStore;
  readonly publishTarget: PublishTarget;
  readonly notifier: PublicationNotifier;
  /** Give pending webhook deliveries a short grace period. The publication store stays open: its backend closes it. */
  close(): Promise<void>;
}

/** Build the file target and the notifier from configuration, around the given publication store. */
export function openPublishing(config: PublishingConfig): Publishing {
  const notifier = config.webhook
    ? new WebhookNotifier({ url: config.webhook.url, secret: config.webhook.secret, ...(config.logger ? { logger: config.logger } : {}) })
    : new SilentNotifier();
  return {
    publications: config.publications,
    publishTarget: new HugoPublishTarget(config.publishDir),
    notifier,
    async close() {
      const grace = config.drainTimeoutMs ?? 5000;
      await Promise.race([notifier.idle(), new Promise<void>((resolve) => setTimeout(resolve, grace).unref())]);
    },
  };
}
