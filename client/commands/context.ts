/**
 * What every CLI command needs, made on first use so that `--help` works without configuration:
 * the validated config, the logger, and a connected client that is closed when the command ends.
 */
import { loadConfig, type Config } from '../../lib/config';
import { createLogger, type Logger } from '../../lib/logger';
import { EpilogueClient } from '../epilogue-client';

export class CommandContext {
  private cachedConfig: Config | undefined;
  private cachedLog: Logger | undefined;

  config(): Config {
    this.cachedConfig ??= loadConfig();
    return this.cachedConfig;
  }

  log(): Logger {
    const config = this.config();
    this.cachedLog ??= createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
    return this.cachedLog;
  }

  /** Runs `work` with a connected client and always closes it. */
  async withClient<T>(work: (client: EpilogueClient) => Promise<T>): Promise<T> {
    const client = await EpilogueClient.connect(this.config(), this.log());
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  }
}

/**
 * Ends a command that has printed its whole answer (a failed verification's report) with a
 * non-zero exit code and nothing more on stdout.
 */
export class CommandExit extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CommandExit';
  }
}

/** Prints a result: JSON on one line with --json, otherwise the human form. */
export function report(json: boolean | undefined, value: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}
