export { type AlertWatcherOptions, type CheckSummary, createAlertWatcher } from './alertWatcher.ts';
export {
  type AlertTransition,
  alertKey,
  type CheckedAlert,
  nextAlerts,
  type OpenAlert,
} from './openAlerts.ts';
export { parseWebhookUrl, postWebhook, type SlackMessage, slackMessage } from './webhook.ts';
