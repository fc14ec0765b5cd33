import { describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config';
import { ConfigError } from '../lib/errors';

describe('configuration', () => {
  it('fills every option from its documented default', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/epilogue');
    expect(config.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(config.EPILOGUE_TASK_QUEUE).toBe('epilogue-v1');
    expect(config.EPILOGUE_DATA_DIR.endsWith('.epilogue')).toBe(true);
    expect(config.TEMPORAL_UI_PORT).toBe(8233);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it.each([
    ['LOG_LEVEL', 'loud', /LOG_LEVEL .*"loud"/],
    ['TEMPORAL_ADDRESS', 'no-port', /TEMPORAL_ADDRESS must be host:port/],
    ['TEMPORAL_UI_PORT', '70000', /TEMPORAL_UI_PORT/],
    ['EPILOGUE_TASK_QUEUE', 'queue with spaces', /EPILOGUE_TASK_QUEUE must be letters/],
    ['EPILOGUE_MEDIA_CONCURRENCY', '0', /EPILOGUE_MEDIA_CONCURRENCY/],
    ['EPILOGUE_METRICS_ADDRESS', 'everywhere', /EPILOGUE_METRICS_ADDRESS/],
  ])('a bad %s stops with one line naming it', (name, value, message) => {
    const attempt = () => loadConfig({ [name]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes the value of a URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL$/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toThrow(/hunter2/);
  });
});
