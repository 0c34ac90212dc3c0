import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/api/config.ts';
import { type RunningService, runService } from '../../src/api/server.ts';
import { writeTinyRegistry } from './helpers/tinyModels.ts';

const HEADERS_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 1_500;
const MAX_CONNECTIONS = 4;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'slow-clients-'));
  writeTinyRegistry(join(dir, 'models'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function startService(name: string, env: Record<string, string>): Promise<RunningService> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    MODELS_DIR: join(dir, 'models'),
    DB_PATH: join(dir, `${name}.sqlite`),
    WATCH_MODELS: 'false',
    ...env,
  });
  return runService({ config, logger: pino({ level: 'silent' }) });
}

/** A raw socket and the time, after `startMs`, at which the server closed it (null while open). */
function openSocket(port: number): { socket: Socket; closedAfterMs: Promise<number> } {
  const startMs = performance.now();
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  socket.resume();
  return {
    socket,
    closedAfterMs: new Promise((resolve) => socket.once('close', () => resolve(performance.now() - startMs))),
  };
}

/** Write `chunk` every `everyMs` until the socket closes (the slowloris pattern). */
function trickle(socket: Socket, chunk: string, everyMs: number): void {
  const timer = setInterval(() => {
    if (socket.destroyed || !socket.writable) clearInterval(timer);
    else socket.write(chunk);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

/** GET /healthz in a loop on fresh connections until `until` settles; the statuses seen. */
async function wellBehavedClient(port: number, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.then(() => {
    done = true;
  });
  const statuses: number[] = [];
  while (!done) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'close' } });
    statuses.push(res.status);
    await res.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return statuses;
}

describe('slow clients', () => {
  it('cuts a slowloris socket (headers trickled byte by byte) within HEADERS_TIMEOUT_MS while others get answers', async () => {
    const service = await startService('slowloris', {
      HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    try {
      const sockets = Array.from({ length: 20 }, () => openSocket(service.port));
      for (const { socket } of sockets) {
        socket.write('GET /healthz HTTP/1.1\r\nHost: localhost\r\n');
        trickle(socket, 'X', 100);
      }
      const allClosed = Promise.all(sockets.map((s) => s.closedAfterMs));
      const statuses = await wellBehavedClient(service.port, allClosed);
      const closedAfterMs = await allClosed;
      // The limit plus Node's check period (a quarter of it) and scheduling slack.
      expect(Math.max(...closedAfterMs)).toBeLessThan(HEADERS_TIMEOUT_MS * 1.25 + 500);
      expect(Math.min(...closedAfterMs)).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
      expect(statuses.length).toBeGreaterThan(5);
      expect(statuses.every((status) => status === 200)).toBe(true);
    } finally {
      await service.shutdown('test');
    }
  });

  it('cuts a request whose body trickles in after REQUEST_TIMEOUT_MS', async () => {
    const service = await startService('slow-body', {
      HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    });
    try {
      const { socket, closedAfterMs } = openSocket(service.port);
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk;
      });
      socket.write(
        'POST /churn HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      );
      trickle(socket, ' ', 100);
      const closedMs = await closedAfterMs;
      expect(closedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
      expect(closedMs).toBeLessThan(REQUEST_TIMEOUT_MS + HEADERS_TIMEOUT_MS / 4 + 500);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await service.shutdown('test');
    }
  });

  it('closes connections beyond MAX_CONNECTIONS at once and accepts again when one frees up', async () => {
    const service = await startService('cap', { MAX_CONNECTIONS: String(MAX_CONNECTIONS) });
    try {
      const held = Array.from({ length: MAX_CONNECTIONS }, () => openSocket(service.port));
      await Promise.all(held.map(({ socket }) => new Promise((resolve) => socket.once('connect', resolve))));
      // Let the server accept them before the next one arrives.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const extra = openSocket(service.port);
      expect(await extra.closedAfterMs).toBeLessThan(500);

      held[0]?.socket.destroy();
      await held[0]?.closedAfterMs;
      await new Promise((resolve) => setTimeout(resolve, 100));
      const res = await fetch(`http://127.0.0.1:${service.port}/healthz`, {
        headers: { connection: 'close' },
      });
      expect(res.status).toBe(200);
      for (const { socket } of held) socket.destroy();
    } finally {
      await service.shutdown('test');
    }
  });
});
