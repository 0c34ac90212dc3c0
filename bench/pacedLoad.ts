import { Agent, request } from 'node:http';

export interface PacedResult {
  /** Requests answered per second over the run. */
  requestsPerS: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  errors: number;
}

/**
 * Open-loop load at a steady rate: request i is due at `i / ratePerS` seconds and its latency is
 * measured from that due time (a slow answer cannot delay the next request's clock, so there is no
 * coordinated omission). Requests go out over at most `connections` keep-alive sockets. Why not
 * autocannon's `overallRate`: it lets every connection send back to back until the second's quota
 * is used, then idles, so its "half rate" is bursts at saturation.
 *
 * @example
 * const r = await pacedLoad({ url: 'http://127.0.0.1:8080/churn', body, ratePerS: 1000, durationS: 10, connections: 32 });
 */
export async function pacedLoad({
  url,
  body,
  ratePerS,
  durationS,
  connections,
}: {
  url: string;
  body: string;
  ratePerS: number;
  durationS: number;
  connections: number;
}): Promise<PacedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(ratePerS * durationS);
  const latenciesMs = new Float64Array(total);
  let answered = 0;
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const startMs = performance.now();
  const payload = Buffer.from(body);
  const { hostname, port, pathname } = new URL(url);

  await new Promise<void>((resolve) => {
    const done = () => {
      answered++;
      if (answered === total) resolve();
    };
    const send = (dueMs: number) => {
      const req = request(
        {
          agent,
          hostname,
          port,
          path: pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            latenciesMs[answered] = performance.now() - dueMs;
            if (res.statusCode === 200) ok++;
            else errors++;
            done();
          });
        },
      );
      req.once('error', () => {
        latenciesMs[answered] = performance.now() - dueMs;
        errors++;
        done();
      });
      req.end(payload);
    };
    const tick = () => {
      const elapsedMs = performance.now() - startMs;
      while (sent < total && (sent * 1000) / ratePerS <= elapsedMs) {
        send(startMs + (sent * 1000) / ratePerS);
        sent++;
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  const elapsedS = (performance.now() - startMs) / 1000;
  latenciesMs.sort();
  const quantile = (q: number) => latenciesMs[Math.min(total - 1, Math.floor(q * total))];
  return { requestsPerS: total / elapsedS, p50Ms: quantile(0.5), p99Ms: quantile(0.99), ok, errors };
}
