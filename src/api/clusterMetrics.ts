import cluster from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';

/** The Prometheus text a `/metrics` scrape answers. */
export type MetricsExposition = () => Promise<string>;

/** A worker asks the primary for the cluster's metrics, the primary answers with the same id. */
const REQUEST = 'retention:cluster-metrics-request';
const ANSWER = 'retention:cluster-metrics-answer';

interface MetricsRequest {
  type: typeof REQUEST;
  id: number;
}
interface MetricsAnswer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** Raised in a worker when the primary does not answer its metrics request in time. */
export class ClusterMetricsError extends Error {
  override name = 'ClusterMetricsError';
}

/**
 * The primary's half of `/metrics` under `WORKERS=N`: answers each worker's request with the metrics
 * of every worker summed (prom-client's AggregatorRegistry collects them over the cluster's IPC).
 * Without it a scrape would see the one worker that happened to take the connection: counters
 * that jump between workers' values, and half the traffic missing. Returns a function that stops
 * answering.
 *
 * @example
 * const stopAnswering = answerClusterMetrics();
 */
export function answerClusterMetrics(): () => void {
  const aggregator = new AggregatorRegistry();
  const onMessage = (worker: { send(message: MetricsAnswer): unknown }, message: unknown) => {
    if (!isRequest(message)) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}

/**
 * The worker's half: `registry` is what this worker reports to the primary, and the returned
 * exposition asks the primary for the whole cluster's metrics (rejects with ClusterMetricsError
 * after `timeoutMs`, e.g. while the primary collects from a worker that is dying).
 *
 * @example
 * const exposition = clusterMetricsExposition(metrics.registry);
 * const text = await exposition();
 */
export function clusterMetricsExposition(registry: Registry, { timeoutMs = 6_000 } = {}): MetricsExposition {
  // Constructing it in a worker installs prom-client's answer to the primary's collection request.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  const pending = new Map<number, (answer: MetricsAnswer) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isAnswer(message)) return;
    pending.get(message.id)?.(message);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(
          new ClusterMetricsError(`the cluster primary did not send the metrics within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      pending.set(id, (answer) => {
        pending.delete(id);
        clearTimeout(timer);
        if (answer.text !== undefined) resolve(answer.text);
        else reject(new ClusterMetricsError(`collecting the workers' metrics failed: ${answer.error}`));
      });
      process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
    });
}

function isRequest(message: unknown): message is MetricsRequest {
  return (message as MetricsRequest | null)?.type === REQUEST;
}

function isAnswer(message: unknown): message is MetricsAnswer {
  return (message as MetricsAnswer | null)?.type === ANSWER;
}
