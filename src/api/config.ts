import { availableParallelism } from 'node:os';
import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(max, `${name} must be at most ${max}`);

/**
 * The service configuration: a zod schema over `process.env`, checked once at start-up
 * (documented in docs/api.md, "Configuration").
 */
/** `auto` = one worker per core (os.availableParallelism). */
const workerCount = z
  .union([z.literal('auto'), positiveInt('WORKERS', 256)])
  .transform((value) => (value === 'auto' ? availableParallelism() : value));

export const ConfigSchema = z.object({
  /** HTTP worker processes (Node's cluster); 1 = the service in this process. */
  WORKERS: workerCount.default(1),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** The working registry (git-ignored), seeded from SEED_MODELS_DIR at start-up. */
  MODELS_DIR: z.string().min(1).default('var/models'),
  /** The committed default models: read-only, copied into MODELS_DIR where it lacks them. */
  SEED_MODELS_DIR: z.string().min(1).default('models'),
  DB_PATH: z.string().min(1).default('var/requests.sqlite'),
  /** A PostgreSQL request log shared by every replica (postgres://user:password@host:5432/db); unset = SQLite at DB_PATH. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  /** Bearer token of /admin/* and the monitoring endpoints; unset = those answer 503. */
  ADMIN_TOKEN: z
    .string()
    .min(16, 'ADMIN_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)')
    .optional(),
  /**
   * Bearer token of POST /feedback, the write token a client app (the shop backend) holds: apart
   * from ADMIN_TOKEN, so it grants no admin or monitoring access; unset = /feedback answers 503.
   */
  FEEDBACK_TOKEN: z
    .string()
    .min(16, 'FEEDBACK_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: positiveInt('BODY_LIMIT_BYTES', 64 * 1024 * 1024).default(1024 * 1024),
  BATCH_MAX_SESSIONS: positiveInt('BATCH_MAX_SESSIONS', 10_000).default(100),
  BATCH_MAX_CUSTOMERS: positiveInt('BATCH_MAX_CUSTOMERS', 100_000).default(5_000),
  LOG_FLUSH_INTERVAL_MS: positiveInt('LOG_FLUSH_INTERVAL_MS', 60_000).default(50),
  RETENTION_DAYS: positiveInt('RETENTION_DAYS', 36_500).default(30),
  WATCH_MODELS: booleanFlag.default(true),
  /** Period of the stat() fallback of the model watcher (fs.watch misses events on some volumes). */
  WATCH_INTERVAL_MS: positiveInt('WATCH_INTERVAL_MS', 3_600_000).default(2_000),
  /** Alert thresholds of /monitoring/* (a missing file means the defaults). */
  MONITORING_CONFIG: z.string().min(1).default('config/monitoring.json'),
  /** How long a graceful stop waits for in-flight requests before closing their connections. */
  SHUTDOWN_TIMEOUT_MS: positiveInt('SHUTDOWN_TIMEOUT_MS', 600_000).default(10_000),
  /** A client must send its complete request headers within this (slowloris defence). */
  HEADERS_TIMEOUT_MS: positiveInt('HEADERS_TIMEOUT_MS', 600_000).default(10_000),
  /** A client must send its whole request, headers and body, within this (slow uploads). */
  REQUEST_TIMEOUT_MS: positiveInt('REQUEST_TIMEOUT_MS', 3_600_000).default(30_000),
  /** An idle keep-alive connection is closed after this. */
  KEEP_ALIVE_TIMEOUT_MS: positiveInt('KEEP_ALIVE_TIMEOUT_MS', 600_000).default(5_000),
  /** Open connections beyond this are closed as soon as they are accepted. */
  MAX_CONNECTIONS: positiveInt('MAX_CONNECTIONS', 1_000_000).default(1_024),
});
export type Config = z.infer<typeof ConfigSchema>;

/** A configuration that cannot start the service; `message` lists every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parse and check the configuration (empty strings count as unset, so `PORT=` means the default).
 *
 * @example
 * const config = loadConfig(process.env); // throws ConfigError: "PORT: expected a number …"
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(ConfigSchema.shape)
      .map((key) => [key, env[key]])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ConfigSchema.superRefine((config, context) => {
    // Node refuses to start a server whose header limit outlasts its request limit.
    if (config.HEADERS_TIMEOUT_MS > config.REQUEST_TIMEOUT_MS) {
      context.addIssue({
        code: 'custom',
        path: ['HEADERS_TIMEOUT_MS'],
        message: `HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS (${config.REQUEST_TIMEOUT_MS})`,
      });
    }
  }).safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `  ${name}=${describeValue(name, present[name])}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration (environment variables):\n${lines.join('\n')}`);
}

/** Secrets (every `*_TOKEN`) are never echoed: a config error lands in logs and CI output. */
function describeValue(name: string, value: unknown): string {
  if (name.endsWith('_TOKEN') && typeof value === 'string') return `<hidden, ${value.length} characters>`;
  return JSON.stringify(value);
}
