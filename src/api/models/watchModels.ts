import { type FSWatcher, statSync, watch } from 'node:fs';
import type { Logger } from 'pino';
import { productionPointerPath, REGISTRY_TASKS, type RegistryTask, taskDir } from '../../registry/index.ts';
import type { ModelStore } from './modelStore.ts';

export interface WatchModelsOptions {
  /** Wait this long after the last change event before reloading (writers rename in bursts). */
  debounceMs?: number;
  /** Period of the stat() fallback, for volumes where fs.watch misses events (NFS, some Docker mounts). */
  intervalMs?: number;
  logger: Logger;
}

/** Identity of the pointer file: an atomic rename changes the inode even when size and mtime match. */
function pointerSignature(path: string): string {
  try {
    const s = statSync(path);
    return `${s.ino}:${s.size}:${s.mtimeMs}`;
  } catch {
    return 'absent';
  }
}

/**
 * Reload a task's model when its `production.json` changes: fs.watch on each task folder (the
 * pointer is replaced by rename, so the folder is watched, not the file), debounced, plus a
 * periodic stat() comparison as a fallback. Returns the stop function.
 *
 * @example
 * const stop = watchModels(store, { logger });
 */
export function watchModels(
  store: ModelStore,
  { debounceMs = 100, intervalMs = 2_000, logger }: WatchModelsOptions,
): () => void {
  const signatures = new Map<RegistryTask, string>();
  const pending = new Map<RegistryTask, NodeJS.Timeout>();
  const watchers: FSWatcher[] = [];

  const check = (task: RegistryTask) => {
    const signature = pointerSignature(productionPointerPath(store.modelsDir, task));
    if (signature === signatures.get(task)) return;
    signatures.set(task, signature);
    if (signature !== 'absent') store.reload(task);
  };
  const schedule = (task: RegistryTask) => {
    clearTimeout(pending.get(task));
    const timer = setTimeout(() => {
      pending.delete(task);
      check(task);
    }, debounceMs);
    timer.unref();
    pending.set(task, timer);
  };

  for (const task of REGISTRY_TASKS) {
    signatures.set(task, pointerSignature(productionPointerPath(store.modelsDir, task)));
    try {
      const watcher = watch(taskDir(store.modelsDir, task), { persistent: false }, (_event, file) => {
        if (file === null || String(file).startsWith('production.json')) schedule(task);
      });
      watcher.on('error', (error) => logger.warn({ task, err: error.message }, 'model folder watch failed'));
      watchers.push(watcher);
    } catch (error) {
      // A task folder that does not exist yet is covered by the stat() fallback.
      logger.debug({ task, err: (error as Error).message }, 'model folder not watchable; polling only');
    }
  }
  const poll = setInterval(() => {
    for (const task of REGISTRY_TASKS) check(task);
  }, intervalMs);
  poll.unref();

  return function stopWatchingModels() {
    clearInterval(poll);
    for (const timer of pending.values()) clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
