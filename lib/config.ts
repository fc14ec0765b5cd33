/**
 * The one place configuration is read. Every option comes from an environment variable, has a
 * documented default, and is validated once at start so that a bad value stops the process with one
 * line naming the variable and what it accepts (see README "Configuration").
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE } from './ids';
import { ConfigError } from './errors';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const hostPort = z
  .string()
  .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'must be host:port, e.g. 127.0.0.1:7233');

const port = z.coerce.number().int().min(1).max(65535);

const positiveInt = z.coerce.number().int().min(1);

/** Each key is the environment variable; `.describe()` is the README's description. */
export const configSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .default('postgres://postgres@127.0.0.1:5432/epilogue')
    .describe('PostgreSQL connection URL; the database is created if missing.'),
  EPILOGUE_DATA_DIR: z
    .string()
    .min(1)
    .default('./.epilogue')
    .describe('Blob store and dev-server state (temporal.sqlite).'),
  TEMPORAL_ADDRESS: hostPort.default('127.0.0.1:7233').describe('Temporal frontend gRPC address.'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace.'),
  EPILOGUE_TASK_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be letters, digits, dot, dash or underscore')
    .default(DEFAULT_TASK_QUEUE)
    .describe('Task queue for workflows and light activities; media work uses `<queue>.media`.'),
  TEMPORAL_UI_PORT: port.default(8233).describe('Web UI port of `epilogue dev`.'),
  TEMPORAL_CLI_PATH: z
    .string()
    .min(1)
    .optional()
    .describe('Temporal CLI binary to use instead of PATH or the project virtualenv.'),
  TEMPORAL_TEST_SERVER_PATH: z
    .string()
    .min(1)
    .optional()
    .describe('Time-skipping test server binary for the tests.'),
  TEMPORAL_CONNECT_TIMEOUT_S: positiveInt
    .default(20)
    .describe('How long to keep retrying the first connection to Temporal or PostgreSQL.'),
  LOG_LEVEL: z.enum(logLevels).default('info').describe('pino log level.'),
  LOG_FORMAT: z
    .enum(['json', 'pretty'])
    .optional()
    .describe('`json` (default when not a terminal) or `pretty` (default on a terminal).'),
  EPILOGUE_METRICS_ADDRESS: z
    .union([z.literal('off'), hostPort])
    .default('127.0.0.1:9464')
    .describe('Prometheus `/metrics` of the worker (Temporal SDK runtime), or `off`.'),
  EPILOGUE_MEDIA_CONCURRENCY: positiveInt
    .default(Math.max(1, os.availableParallelism()))
    .describe('Concurrent ffmpeg activities per worker (default: CPU count).'),
  EPILOGUE_ACTIVITY_CONCURRENCY: positiveInt
    .default(100)
    .describe('Concurrent light (database, HTTP) activities per worker.'),
  EPILOGUE_MAX_AUDIO_MINUTES: positiveInt
    .default(240)
    .describe('Longest recording accepted; longer audio fails the run with `AudioTooLong`.'),
  EPILOGUE_ANALYSIS_PROVIDER: z
    .enum(['local', 'anthropic'])
    .optional()
    .describe(
      'Default analysis provider (organizations may choose their own): `anthropic` when ANTHROPIC_API_KEY is set, otherwise `local`.',
    ),
  ANTHROPIC_API_KEY: z.string().min(1).optional().describe('Key for the Anthropic provider.'),
  ANTHROPIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .optional()
    .describe("Messages API endpoint (default: Anthropic's)."),
  ANTHROPIC_MODEL: z
    .string()
    .min(1)
    .default('claude-sonnet-5-5')
    .describe('Claude model for analysis.'),
  ANTHROPIC_TIMEOUT_S: positiveInt.default(180).describe('Timeout of one Messages API call.'),
  EPILOGUE_PAYLOAD_KEYS: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Payload encryption keys, `id:base64` pairs, current first (default: one generated into the data dir).',
    ),
  EPILOGUE_CODEC_PORT: port
    .default(8234)
    .describe('Port of the codec server (`epilogue codec-server`, `epilogue dev`).'),
  EPILOGUE_CODEC_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Token the codec server requires (default: generated per start).'),
  EPILOGUE_REDACTION_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Key for `epilogue redact --mode hash` (organizations use their own keys).'),
  EPILOGUE_EXPORT_TTL: z
    .string()
    .regex(/^\d{1,6}(s|m|h|d|w)$/, 'must be a duration such as 12h, 7d or 2w')
    .default('7d')
    .describe('How long an access export (`epilogue export`) is kept before its file is deleted.'),
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .describe('Comma-separated hosts webhooks may reach even on private addresses (SSRF guard).'),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .regex(
      /^\s*\d+(ms|s|m|h|d)?\s*(,\s*\d+(ms|s|m|h|d)?\s*)*$/,
      'must be comma-separated delays such as 0,5s,5m,2h',
    )
    .default('0,5s,5m,30m,2h,5h,10h,10h')
    .describe('Delay before each webhook delivery attempt, counted from the previous attempt.'),
  EPILOGUE_WORKFLOW_BUNDLE: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Prebuilt workflow bundle; default `dist/workflow-bundle.js` when running built code.',
    ),
});

type ParsedConfig = z.infer<typeof configSchema>;

/** The validated configuration, with defaults that depend on other options resolved. */
export type Config = Omit<ParsedConfig, 'EPILOGUE_ANALYSIS_PROVIDER'> & {
  EPILOGUE_ANALYSIS_PROVIDER: 'local' | 'anthropic';
};

export type ConfigOverrides = Partial<Record<keyof ParsedConfig, string>>;

/** Reads and validates the environment once; throws ConfigError naming the first bad variable. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = overrides[key as keyof ParsedConfig] ?? env[key];
    raw[key] = value === '' ? undefined : value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // A URL may hold a password: name the variable, never echo its value.
    const shown = /URL|SECRET|KEY|TOKEN|PASSWORD/.test(name)
      ? ''
      : ` (got ${JSON.stringify(raw[name])})`;
    throw new ConfigError(`invalid configuration: ${name} ${issue.message}${shown}`);
  }
  const provider =
    parsed.data.EPILOGUE_ANALYSIS_PROVIDER ??
    (parsed.data.ANTHROPIC_API_KEY ? 'anthropic' : 'local');
  if (provider === 'anthropic' && !parsed.data.ANTHROPIC_API_KEY) {
    throw new ConfigError(
      'invalid configuration: EPILOGUE_ANALYSIS_PROVIDER is anthropic but ANTHROPIC_API_KEY is not set',
    );
  }
  return {
    ...parsed.data,
    EPILOGUE_DATA_DIR: path.resolve(parsed.data.EPILOGUE_DATA_DIR),
    EPILOGUE_ANALYSIS_PROVIDER: provider,
  };
}
