/**
 * Structured logging with pino. JSON lines on stderr in production, pretty on a terminal; stdout
 * stays free for command output (`--json`). Secrets and personal fields are redacted by path as a
 * safety net: code logs ids, never content.
 */
import pino from 'pino';
import pinoPretty from 'pino-pretty';
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';

export type Logger = pino.Logger;

/** Field names that may hold a secret or personal data wherever they appear (one level deep). */
const sensitiveKeys = [
  'password',
  'secret',
  'secrets',
  'token',
  'apiKey',
  'authorization',
  'cookie',
  'databaseUrl',
  'DATABASE_URL',
  'participant',
  'name',
  'email',
  'phone',
  'content',
  'verbatim',
  'text',
  'transcript',
  'payload',
  'body',
];

export const redactPaths = [
  ...sensitiveKeys,
  ...sensitiveKeys.map((key) => `*.${key}`),
  'headers["webhook-signature"]',
  '*.headers["webhook-signature"]',
];

export interface LoggerOptions {
  level: pino.LevelWithSilent;
  format?: 'json' | 'pretty' | undefined;
  /** Defaults to stderr; tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const destination =
    options.destination ??
    (format === 'pretty'
      ? pinoPretty({ destination: 2, sync: true, ignore: 'pid,hostname' })
      : pino.destination({ dest: 2, sync: true }));
  return pino(
    {
      level: options.level,
      base: { service: 'epilogue' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const expectedWarnings = new Set(['No workflows registered, not polling for workflow tasks']);

const temporalLevels: Record<LogLevel, pino.Level> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal SDK's runtime logger (worker, workflow and activity context loggers) into
 * pino. The SDK puts workflowId / activityId / taskQueue in `meta`, so every line carries them.
 */
export function temporalLogger(log: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    // The media worker polls activities only, by design; the SDK warns about that at every start.
    const effective = expectedWarnings.has(message) ? 'DEBUG' : level;
    log[temporalLevels[effective]](
      { ...meta, component: meta?.['sdkComponent'] ?? 'temporal' },
      message,
    );
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
