import type { Server, ServerOptions } from 'node:http';
import type { Config } from './config.ts';

type ConnectionLimits = Pick<
  Config,
  'HEADERS_TIMEOUT_MS' | 'REQUEST_TIMEOUT_MS' | 'KEEP_ALIVE_TIMEOUT_MS' | 'MAX_CONNECTIONS'
>;

/**
 * The Node HTTP server options that bound slow clients. Node checks the header and request
 * timeouts only every `connectionsCheckingInterval` (30 s by default), so a slowloris socket
 * would outlive a 10 s header limit by up to 30 s: the check runs at a quarter of the header
 * limit, at most once a second.
 *
 * @example
 * serve({ fetch, serverOptions: httpServerOptions(config) });
 */
export function httpServerOptions(limits: ConnectionLimits): ServerOptions {
  return {
    headersTimeout: limits.HEADERS_TIMEOUT_MS,
    requestTimeout: limits.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: limits.KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(limits.HEADERS_TIMEOUT_MS / 4))),
  };
}

/** Limits that Node sets on the server object rather than through the constructor. */
export function applyConnectionCap(server: Server, limits: ConnectionLimits): void {
  // Sockets beyond the cap are destroyed on accept: the file descriptors stay bounded.
  server.maxConnections = limits.MAX_CONNECTIONS;
}
