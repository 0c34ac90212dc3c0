import type { AlertTransition } from './openAlerts.ts';

/** The JSON body Slack incoming webhooks (and Mattermost, Rocket.Chat, Discord's /slack) accept. */
export interface SlackMessage {
  text: string;
}

/**
 * The message of one transition: a crossing or its clearing, with the report it comes from and,
 * for a clearing, how long it lasted.
 *
 * @example
 * slackMessage({ change: 'crossed', alert }, { service: 'retention-service', nowMs: Date.now() });
 * // { text: ':rotating_light: *retention-service · drift*: churn v3: features drift: ageLevel.' }
 */
export function slackMessage(
  { change, alert }: AlertTransition,
  { service, nowMs }: { service: string; nowMs: number },
): SlackMessage {
  const where = `*${service} · ${alert.kind}*`;
  if (change === 'crossed') return { text: `:rotating_light: ${where}: ${alert.message}` };
  const lastedMinutes = Math.max(0, Math.round((nowMs - alert.sinceMs) / 60_000));
  return {
    text: `:white_check_mark: ${where}: cleared after ${lastedMinutes} min: ${alert.message}`,
  };
}

/** A URL a webhook can be posted to, or a one-line error saying what is wrong with it. */
export function parseWebhookUrl(value: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RangeError(`${source} is not a URL: pass the receiver's http(s) address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RangeError(`${source} must be an http:// or https:// URL, not ${url.protocol}.`);
  }
  return url;
}

/**
 * POST `message` as JSON; resolves when the receiver answered 2xx, rejects with the status (or the
 * network error) otherwise. The URL is not repeated in errors: a webhook URL is a secret.
 *
 * @example
 * await postWebhook(new URL(process.env.ALERT_WEBHOOK_URL), { text: 'hello' });
 */
export async function postWebhook(url: URL, message: SlackMessage, timeoutMs = 10_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`webhook at ${url.host} unreachable (${cause})`);
  }
  // Drain the body so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook at ${url.host} answered ${response.status}`);
}
