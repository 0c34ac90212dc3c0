import { readSessionSet, sessionSetMembership, type Task, versionDir } from '../../registry/index.ts';

/** Which test rows a comparison may use: those of sessions no compared version was fitted on. */
export interface UnseenSessions {
  /** Indexes of the usable rows. */
  rows: Int32Array;
  /** Distinct sessions among them: `evaluation.sessions`. */
  sessions: number;
  /** Distinct test sessions dropped because a compared version saw them: `evaluation.excludedSeenInTraining`. */
  excludedSeenInTraining: number;
  /** Compared versions that record no training sessions (made before the record existed). */
  unrecorded: string[];
}

/**
 * Drop the test rows whose session (by content hash, so the same session in another file counts)
 * any of `versions` was fitted on, read from each version's trained-sessions record.
 *
 * @example
 * const unseen = unseenSessions('var/models', 'churn', [candidate, production], test.sessionHash);
 * unseen.excludedSeenInTraining; // 0 on fresh data
 */
export function unseenSessions(
  modelsDir: string,
  task: Task,
  versions: readonly string[],
  sessionHash: Uint32Array,
): UnseenSessions {
  const unrecorded: string[] = [];
  const seenBy: ((hash: number) => boolean)[] = [];
  for (const version of versions) {
    const set = readSessionSet(versionDir(modelsDir, task, version));
    if (set) seenBy.push(sessionSetMembership(set));
    else unrecorded.push(version);
  }
  const kept = new Set<number>();
  const excluded = new Set<number>();
  const rows: number[] = [];
  for (let i = 0; i < sessionHash.length; i++) {
    const hash = sessionHash[i];
    if (seenBy.some((seen) => seen(hash))) excluded.add(hash);
    else {
      kept.add(hash);
      rows.push(i);
    }
  }
  return {
    rows: Int32Array.from(rows),
    sessions: kept.size,
    excludedSeenInTraining: excluded.size,
    unrecorded,
  };
}
