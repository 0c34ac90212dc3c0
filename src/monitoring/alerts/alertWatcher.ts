import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../registry/atomicWrite.ts';
import { type AlertTransition, type CheckedAlert, nextAlerts, type OpenAlert } from './openAlerts.ts';

export interface AlertWatcherOptions {
  /** One look at every report: the threshold crossings now. Throwing counts as a failed check. */
  check: () => Promise<readonly CheckedAlert[]>;
  /** Tell the receiver about one transition; rejecting keeps it for the next check. */
  deliver: (transition: AlertTransition) => Promise<void>;
  /** Keep the open crossings in this JSON file, so a restarted watcher (or a CronJob) does not repost. */
  statePath?: string;
  now?: () => number;
}

/** What one check did. */
export interface CheckSummary {
  open: number;
  delivered: AlertTransition[];
  failedDeliveries: string[];
  /** Set when the check itself failed (its crossing is then reported as a `watch` alert). */
  checkError?: string;
}

const StateSchema = z.object({
  open: z.array(
    z.object({
      key: z.string(),
      kind: z.string(),
      message: z.string(),
      sinceMs: z.number(),
      posted: z.boolean(),
    }),
  ),
});

/**
 * The watcher behind `npm run monitor -- watch`: each `runCheck()` compares the reports' crossings
 * with the ones already announced and delivers each crossing once, then once more when it clears.
 * A check that fails is itself a crossing (kind `watch`) and leaves the other open ones as they are,
 * since nothing is known about them.
 *
 * @example
 * const watcher = createAlertWatcher({ check, deliver: (t) => postWebhook(url, slackMessage(t, …)) });
 * await watcher.runCheck();
 */
export function createAlertWatcher({ check, deliver, statePath, now = Date.now }: AlertWatcherOptions): {
  runCheck: () => Promise<CheckSummary>;
} {
  let open = statePath ? readState(statePath) : new Map<string, OpenAlert>();

  return {
    async runCheck() {
      let checked: readonly CheckedAlert[];
      let checkError: string | undefined;
      try {
        checked = await check();
      } catch (error) {
        checkError = (error as Error).message;
        checked = [
          ...[...open.values()].filter((a) => a.kind !== 'watch'),
          { kind: 'watch', message: `the monitoring check failed: ${checkError}` },
        ];
      }
      const next = nextAlerts(open, checked, now());
      open = next.open;
      const delivered: AlertTransition[] = [];
      const failedDeliveries: string[] = [];
      for (const transition of next.transitions) {
        try {
          await deliver(transition);
        } catch (error) {
          failedDeliveries.push((error as Error).message);
          continue;
        }
        delivered.push(transition);
        if (transition.change === 'crossed')
          open.set(transition.alert.key, { ...transition.alert, posted: true });
        else open.delete(transition.alert.key);
      }
      if (statePath) writeState(statePath, open);
      return { open: open.size, delivered, failedDeliveries, checkError };
    },
  };
}

function readState(path: string): Map<string, OpenAlert> {
  if (!existsSync(path)) return new Map();
  let parsed: z.infer<typeof StateSchema>;
  try {
    parsed = StateSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new RangeError(
      `alert state ${path} is not a watcher state file (${(error as Error).message.split('\n')[0]}); delete it to start afresh.`,
    );
  }
  return new Map(parsed.open.map((alert) => [alert.key, alert]));
}

function writeState(path: string, open: ReadonlyMap<string, OpenAlert>): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, `${JSON.stringify({ open: [...open.values()] }, null, 2)}\n`);
}
