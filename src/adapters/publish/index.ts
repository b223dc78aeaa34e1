export { HugoPublishTarget } from './hugo-publish-target.ts';
export { SilentNotifier, WEBHOOK_HEADERS, WebhookNotifier, webhookSignature, type WebhookLogger, type WebhookNotifierConfig } from './webhook-notifier.ts';
