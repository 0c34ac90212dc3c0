import type { Server, ServerOptions } from 'node:http';
import { serve } from '@hono/node-server';
import type { Config } from './config.ts';

type ListenConfig = Pick<
  Config,
  'PORT' | 'HOST' | 'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS' | 'MAX_CONNECTIONS'
>;

/** The service could not start (busy port, unopenable request log…); `message` is one line for the operator. */
export class ServiceStartError extends Error {
  override name = 'ServiceStartError';
}

/**
 * The Node HTTP server options that bound slow clients. Node checks the header and request
 * timeouts only every `connectionsCheckingInterval` (30 s by default), so a slowloris socket
 * would outlive a 10 s header limit by up to 30 s: the check runs at a quarter of the header
 * limit, at most once a second.
 *
 * @example
 * serve({ fetch, serverOptions: httpServerOptions(config) });
 */
export function httpServerOptions(limits: ListenConfig): ServerOptions {
  return {
    headersTimeout: limits.HEADERS_TIMEOUT_MS,
    requestTimeout: limits.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: limits.KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.HEADERS_TIMEOUT_MS / 4))),
  };
}

/**
 * Serve `fetch` on `HOST:PORT` with the connection limits of the configuration. A port that is
 * taken or not allowed is a ServiceStartError saying which and how to choose another.
 *
 * @example
 * const server = await listenHttp(app.fetch, config);
 */
export function listenHttp(
  fetch: (request: Request) => Response | Promise<Response>,
  config: ListenConfig,
): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = serve(
      { fetch, port: config.PORT, hostname: config.HOST, serverOptions: httpServerOptions(config) },
      () => resolve(server as Server),
    ) as Server;
    // Sockets beyond the cap are destroyed on accept: the file descriptors stay bounded.
    server.maxConnections = config.MAX_CONNECTIONS;
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, config)));
  });
}

function listenError(error: NodeJS.ErrnoException, { PORT, HOST }: ListenConfig): Error {
  const choose = 'choose another with PORT=N (npm start -- --port N; 0 picks a free one)';
  switch (error.code) {
    case 'EADDRINUSE':
      return new ServiceStartError(
        `port ${PORT} on ${HOST} is already in use: stop the other process or ${choose}.`,
      );
    case 'EACCES':
      return new ServiceStartError(`port ${PORT} on ${HOST} needs privileges this process lacks: ${choose}.`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new ServiceStartError(
        `HOST=${HOST} is not an address of this machine: use 127.0.0.1 or 0.0.0.0.`,
      );
    default:
      return error;
  }
}
