import type { Logger } from 'pino';
import type { RequestRow } from '../monitoring/requestLog/index.ts';

/** A log row as a handler knows it; the logging middleware adds time, latency and status. */
export type PendingRow = Omit<RequestRow, 'tsMs' | 'endpoint' | 'latencyMs' | 'status' | 'errorReason'>;

/** The Hono environment of the service: per-request variables set by its middleware. */
export interface AppEnv {
  Variables: {
    /** Set by hono/request-id (honours a valid incoming X-Request-Id). */
    requestId: string;
    /** A child of the app logger carrying the request id. */
    logger: Logger;
    /** Set by problemJson: the short reason of an error answer, for the request log. */
    errorReason?: string;
    /** Rows a prediction handler scored (one per session), written by the logging middleware. */
    predictionRows?: PendingRow[];
    /** The model version that answered, for metrics labels. */
    modelVersion?: string;
  };
}
