/** A threshold crossing as one check of the watcher saw it. */
export interface CheckedAlert {
  /** The report that raised it: drift, quality, ops, performance (or `watch` when a check failed). */
  kind: string;
  message: string;
}

/** A crossing the watcher knows about, between its first sighting and the post saying it cleared. */
export interface OpenAlert extends CheckedAlert {
  key: string;
  sinceMs: number;
  /** Whether the receiver got the post saying it crossed (a failed post is retried on the next check). */
  posted: boolean;
}

/** What a watcher has to tell the receiver after one check. */
export interface AlertTransition {
  change: 'crossed' | 'cleared';
  alert: OpenAlert;
}

// A plain number standing alone (not part of a version name such as 20261123T080000Z-0c0c0c0c).
const STANDALONE_NUMBER = /(?<![\w.-])-?\d+(?:\.\d+)?(?![\w.-])/g;

/**
 * The identity of a crossing across checks: its report and its message with the measured numbers
 * left out, so "p99 latency 151.2 ms" and, a minute later, "p99 latency 163.0 ms" are one crossing,
 * while another endpoint, model version or set of drifting features is another.
 *
 * @example
 * alertKey({ kind: 'ops', message: '/churn (v1): p99 latency 151.2 ms ≥ 100 ms.' });
 * // 'ops|/churn (v1): p99 latency # ms ≥ # ms.'
 */
export function alertKey({ kind, message }: CheckedAlert): string {
  return `${kind}|${message.replace(STANDALONE_NUMBER, '#')}`;
}

/**
 * Compare the open crossings with one check's alerts: new crossings and crossings whose post failed
 * are to be posted as `crossed`; posted crossings that are gone as `cleared`. Returns the transitions
 * and the open set after the check (the caller marks the ones it delivers). Pure: no I/O.
 *
 * @example
 * const { transitions, open } = nextAlerts(previous, checked, Date.now());
 */
export function nextAlerts(
  previous: ReadonlyMap<string, OpenAlert>,
  checked: readonly CheckedAlert[],
  nowMs: number,
): { transitions: AlertTransition[]; open: Map<string, OpenAlert> } {
  const open = new Map<string, OpenAlert>();
  const transitions: AlertTransition[] = [];
  for (const alert of checked) {
    const key = alertKey(alert);
    if (open.has(key)) continue;
    const known = previous.get(key);
    // The latest message carries the latest figures; the crossing keeps its first time.
    const current: OpenAlert = {
      ...alert,
      key,
      sinceMs: known?.sinceMs ?? nowMs,
      posted: known?.posted ?? false,
    };
    open.set(key, current);
    if (!current.posted) transitions.push({ change: 'crossed', alert: current });
  }
  for (const [key, alert] of previous) {
    if (open.has(key)) continue;
    // A crossing the receiver never heard of clears silently; a posted one is announced as cleared
    // and stays open (posted) until that post is delivered.
    if (alert.posted) {
      open.set(key, alert);
      transitions.push({ change: 'cleared', alert });
    }
  }
  return { transitions, open };
}
