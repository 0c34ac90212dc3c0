import type { Logger } from 'pino';
import {
  CUSTOMER_TASK,
  loadServed,
  type RegistryTask,
  type ServedModel,
  type ServedModelOf,
  type ServedSessionModel,
  TASKS,
} from '../../registry/index.ts';

/** What one reload did for one task. */
export interface ReloadOutcome {
  task: RegistryTask;
  /** loaded: a new version serves; unchanged: same version; missing: no pointer; refused: invalid. */
  outcome: 'loaded' | 'unchanged' | 'missing' | 'refused';
  /** The version serving after the reload (null when none). */
  version: string | null;
  previousVersion: string | null;
  error?: string;
}

/**
 * The served models, one per task (the session tasks and customer value), swapped atomically:
 * `get(task)` returns an immutable ServedModel, and a request that captured it keeps it to the end even if a reload swaps the slot.
 * A reload that fails (bad pointer, invalid artifact, wrong feature version) keeps the old model
 * serving and logs at error level.
 *
 * @example
 * const store = new ModelStore({ modelsDir: 'models', logger });
 * store.reloadAll();
 * const model = store.get('churn'); // capture once per request
 */
export class ModelStore {
  readonly modelsDir: string;
  private readonly logger: Logger;
  private readonly slots = new Map<RegistryTask, ServedModel>();
  private readonly listeners: ((model: ServedModel) => void)[] = [];

  constructor({ modelsDir, logger }: { modelsDir: string; logger: Logger }) {
    this.modelsDir = modelsDir;
    this.logger = logger;
  }

  /** The served model of a task, captured once per request (the customer-value model is optional). */
  get<T extends RegistryTask>(task: T): ServedModelOf<T> | undefined {
    // Each slot holds the model loadServed built for its own task.
    return this.slots.get(task) as ServedModelOf<T> | undefined;
  }

  /** The served session models in task order (for /models, readiness and metrics). */
  served(): ServedSessionModel[] {
    return TASKS.flatMap((task) => this.get(task) ?? []);
  }

  /** True when every session task has a model. */
  get complete(): boolean {
    return TASKS.every((task) => this.slots.has(task));
  }

  /** Call `listener` whenever a new model starts serving. */
  onSwap(listener: (model: ServedModel) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Reload every task. The customer-value model is optional: its outcome is reported unless the
   * registry has never had one (a session-only deployment sees only its two tasks).
   */
  reloadAll(): ReloadOutcome[] {
    const outcomes = TASKS.map((task) => this.reload(task));
    const customer = this.reload(CUSTOMER_TASK);
    return customer.outcome === 'missing' && customer.version === null ? outcomes : [...outcomes, customer];
  }

  /** Re-read the task's production pointer; swap in its model when it is a new, valid version. */
  reload(task: RegistryTask): ReloadOutcome {
    const current = this.slots.get(task) ?? null;
    const previousVersion = current?.version ?? null;
    try {
      const next = loadServed(this.modelsDir, task);
      if (next === null) {
        if (task === CUSTOMER_TASK) {
          this.logger.info(
            { task, modelsDir: this.modelsDir },
            'no customer-value model; /customers/value answers 503',
          );
        } else {
          this.logger.warn({ task, modelsDir: this.modelsDir }, 'no production pointer; nothing to load');
        }
        return { task, outcome: 'missing', version: previousVersion, previousVersion };
      }
      if (current !== null && next.version === current.version) {
        return { task, outcome: 'unchanged', version: current.version, previousVersion };
      }
      this.slots.set(task, next);
      for (const listener of this.listeners) listener(next);
      this.logger.info({ task, version: next.version, previousVersion, kind: next.kind }, 'model loaded');
      return { task, outcome: 'loaded', version: next.version, previousVersion };
    } catch (error) {
      const message = (error as Error).message;
      this.logger.error(
        { task, servingVersion: previousVersion, err: message },
        'model refused; the previous model keeps serving',
      );
      return { task, outcome: 'refused', version: previousVersion, previousVersion, error: message };
    }
  }
}
