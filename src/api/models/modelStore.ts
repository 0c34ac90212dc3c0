import type { Logger } from 'pino';
import {
  CUSTOMER_TASK,
  loadServed,
  loadServedCustomerModel,
  type RegistryTask,
  type ServedCustomerModel,
  type ServedModel,
  TASKS,
  type Task,
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
 * The served models, one per task, swapped atomically: `get(task)` returns an immutable
 * ServedModel, and a request that captured it keeps it to the end even if a reload swaps the slot.
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
  private readonly slots = new Map<Task, ServedModel>();
  /** The customer-value model: optional (a session-only deployment is complete without it). */
  private customer: ServedCustomerModel | undefined;
  private readonly listeners: ((model: ServedModel) => void)[] = [];

  constructor({ modelsDir, logger }: { modelsDir: string; logger: Logger }) {
    this.modelsDir = modelsDir;
    this.logger = logger;
  }

  get(task: Task): ServedModel | undefined {
    return this.slots.get(task);
  }

  /** The served customer-value model, captured once per request like `get`. */
  customerValue(): ServedCustomerModel | undefined {
    return this.customer;
  }

  /** The served models in task order (for /models and monitoring). */
  served(): ServedModel[] {
    return TASKS.flatMap((task) => this.slots.get(task) ?? []);
  }

  /** True when every task has a model. */
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
    if (task === CUSTOMER_TASK) return this.reloadCustomer();
    const current = this.slots.get(task) ?? null;
    const previousVersion = current?.version ?? null;
    try {
      const next = loadServed(this.modelsDir, task);
      if (next === null) {
        this.logger.warn({ task, modelsDir: this.modelsDir }, 'no production pointer; nothing to load');
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

  private reloadCustomer(): ReloadOutcome {
    const task = CUSTOMER_TASK;
    const previousVersion = this.customer?.version ?? null;
    try {
      const next = loadServedCustomerModel(this.modelsDir);
      if (next === null) {
        this.logger.info(
          { task, modelsDir: this.modelsDir },
          'no customer-value model; /customers/value answers 503',
        );
        return { task, outcome: 'missing', version: previousVersion, previousVersion };
      }
      if (next.version === previousVersion)
        return { task, outcome: 'unchanged', version: next.version, previousVersion };
      this.customer = next;
      this.logger.info({ task, version: next.version, previousVersion }, 'model loaded');
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
