import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/api/config.ts';

describe('configuration from the environment', () => {
  it('takes documented defaults when nothing is set', () => {
    expect(loadConfig({})).toMatchObject({
      PORT: 8080,
      MODELS_DIR: 'var/models',
      SEED_MODELS_DIR: 'models',
      DB_PATH: 'var/requests.sqlite',
      LOG_LEVEL: 'info',
      BODY_LIMIT_BYTES: 1_048_576,
      BATCH_MAX_SESSIONS: 100,
      LOG_FLUSH_INTERVAL_MS: 50,
      RETENTION_DAYS: 30,
      WATCH_MODELS: true,
    });
    expect(loadConfig({}).ADMIN_TOKEN).toBeUndefined();
  });

  it('parses numbers and flags from strings and treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '9000',
      WATCH_MODELS: 'false',
      BATCH_MAX_SESSIONS: '',
      ADMIN_TOKEN: '',
    });
    expect(config).toMatchObject({ PORT: 9000, WATCH_MODELS: false, BATCH_MAX_SESSIONS: 100 });
    expect(config.ADMIN_TOKEN).toBeUndefined();
  });

  it('lists every bad variable with its value and the rule it breaks', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', RETENTION_DAYS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT="eighty"/);
    expect(message).toMatch(/LOG_LEVEL="loud"/);
    expect(message).toMatch(/ADMIN_TOKEN=<hidden, 5 characters>: ADMIN_TOKEN must be at least 16 characters/);
    expect(message).toMatch(/RETENTION_DAYS="0": RETENTION_DAYS must be at least 1/);
  });

  it('never echoes a secret: a token that breaks a rule is described by its length only', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'hunter2-secret' })).toThrow(ConfigError);
    try {
      loadConfig({ ADMIN_TOKEN: 'hunter2-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
      expect((error as Error).message).toContain('ADMIN_TOKEN=<hidden, 14 characters>');
    }
  });

  it('bounds slow clients by default and refuses a header limit longer than the request limit', () => {
    expect(loadConfig({})).toMatchObject({
      HEADERS_TIMEOUT_MS: 10_000,
      REQUEST_TIMEOUT_MS: 30_000,
      KEEP_ALIVE_TIMEOUT_MS: 5_000,
      MAX_CONNECTIONS: 1_024,
    });
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /HEADERS_TIMEOUT_MS="20000": HEADERS_TIMEOUT_MS must not exceed REQUEST_TIMEOUT_MS \(10000\)/,
    );
  });
});
