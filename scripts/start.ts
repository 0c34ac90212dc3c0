import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { ConfigError, loadConfig } from '../src/api/config.ts';
import { ServiceStartError } from '../src/api/httpServer.ts';
import { type RunningService, runService } from '../src/api/server.ts';
import { stopSignal } from '../src/cli/stopSignal.ts';
import { parseFlags } from '../src/cli/usage.ts';
import {
  reachableHost,
  replaySimulatedCustomers,
  replaySimulatedTraffic,
  startBanner,
} from '../src/demo/index.ts';
import { seedIfWorkingRegistry, TASKS } from '../src/registry/index.ts';
import { runDefaultModelsCli } from '../src/training/cli/index.ts';

const HELP = `Usage: npm start [-- options]

The demo of retention-service on the embedded default: serves the committed default models
(trained on simulated data; rebuilt first when missing or with --retrain), then plays simulated
shoppers against the API so /dashboard has traffic, predictions and outcomes to show.
For a deployment without demo traffic use \`npm run serve\` (docs/api.md).

Options:
  --port N             port to listen on (0 = any free one)        default $PORT or 8080
  --demo-sessions N    simulated sessions to replay (0 = none)     default 300
  --retrain            rebuild the default models first (npm run models:default, about a minute)
  -h, --help           show this help

ADMIN_TOKEN (for /monitoring/* and /dashboard) is taken from the environment (never printed), or
made up for this run and printed. The demo listens on 127.0.0.1 unless HOST is set (0.0.0.0: every
interface). Exit codes: 0 stopped cleanly, 1 failed (e.g. the port is taken), 2 bad usage or
configuration.`;

async function main(): Promise<number> {
  let flags: { port?: string; 'demo-sessions': string; retrain: boolean; help: boolean };
  try {
    flags = parseFlags(process.argv.slice(2), {
      port: { type: 'string' },
      'demo-sessions': { type: 'string', default: '300' },
      retrain: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
  } catch (error) {
    process.stderr.write(`start: ${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const demoSessions = Number(flags['demo-sessions']);
  if (!Number.isInteger(demoSessions) || demoSessions < 0) {
    process.stderr.write(
      `start: --demo-sessions must be a whole number ≥ 0, got "${flags['demo-sessions']}".\n`,
    );
    return 2;
  }

  const env = { ...process.env };
  if (flags.port !== undefined) env.PORT = flags.port;
  // A local demo is reachable from this machine only; a deployment sets HOST (Docker: 0.0.0.0).
  if (!env.HOST) env.HOST = '127.0.0.1';
  const generatedToken = !env.ADMIN_TOKEN;
  if (generatedToken) env.ADMIN_TOKEN = randomBytes(18).toString('hex');
  // The demo posts outcomes itself; a token made up here is the demo's, used and never shown.
  if (!env.FEEDBACK_TOKEN) env.FEEDBACK_TOKEN = randomBytes(18).toString('hex');
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  seedIfWorkingRegistry(config.MODELS_DIR, config.SEED_MODELS_DIR);
  const missing = TASKS.filter((task) => !existsSync(join(config.MODELS_DIR, task, 'production.json')));
  if (flags.retrain || missing.length > 0) {
    process.stdout.write(
      flags.retrain
        ? 'Rebuilding the default models…\n'
        : `No production model for ${missing.join(', ')}: training the defaults…\n`,
    );
    const code = await runDefaultModelsCli(['--models', config.MODELS_DIR]);
    if (code !== 0) return code;
  }

  const logger = pino({ level: env.LOG_LEVEL ?? 'warn', base: { service: 'retention-service' } });
  const signal = stopSignal();
  let service: RunningService;
  try {
    service = await runService({ config, logger });
  } catch (error) {
    if (!(error instanceof ServiceStartError)) throw error;
    process.stderr.write(`start: ${error.message}\n`);
    return 1;
  }
  const baseUrl = `http://${reachableHost(config.HOST)}:${service.port}`;
  process.stdout.write(
    startBanner({ baseUrl, host: config.HOST, generatedToken: generatedToken ? env.ADMIN_TOKEN : undefined }),
  );

  const stopped = signal.then(async (received) => {
    process.stdout.write(`\n${received}: stopping (in-flight requests finish, the request log is flushed)\n`);
    await service.shutdown(received).catch((error) => logger.error({ err: error }, 'shutdown failed'));
  });

  if (demoSessions > 0) {
    process.stdout.write(`Replaying ${demoSessions} simulated sessions as live traffic…\n`);
    const summary = await replaySimulatedTraffic({
      baseUrl,
      sessions: demoSessions,
      seed: 7,
      feedbackToken: env.FEEDBACK_TOKEN,
    });
    const failures = Object.entries(summary.failures);
    process.stdout.write(
      `Demo traffic done: ${summary.sessions} sessions, ${summary.predictions} predictions, ` +
        `${summary.feedback} outcomes sent${failures.length ? `, failures by status: ${JSON.stringify(summary.failures)}` : ', no failures'}.\n` +
        'Open the dashboard above; Ctrl-C stops the service.\n',
    );
    const customers = await replaySimulatedCustomers({ baseUrl, customers: 500, seed: 11 });
    const customerFailures = Object.keys(customers.failures).length;
    process.stdout.write(
      `Demo customers valued: ${customers.customers} in ${customers.requests} requests to /customers/value` +
        `${customerFailures ? `, failures by status: ${JSON.stringify(customers.failures)}` : ', no failures'}.\n`,
    );
  }
  await stopped;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`start: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  },
);
