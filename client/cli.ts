#!/usr/bin/env node
/**
 * `epilogue`: the command line for the platform and operators. Errors a user can act on print as
 * one line without a stack trace; the exit code is 2 for bad usage or configuration, 1 otherwise.
 */
import { Command, CommanderError } from 'commander';
import { EpilogueError } from '../lib/errors';
import { registerAudit } from './commands/audit';
import { registerCodecServer } from './commands/codec-server';
import { registerDemo } from './commands/demo';
import { registerDev } from './commands/dev';
import { registerEnqueue } from './commands/enqueue';
import { registerErase } from './commands/erase';
import { registerExport } from './commands/export';
import { registerIngest } from './commands/ingest';
import { registerMigrate } from './commands/migrate';
import { registerReanalyze } from './commands/reanalyze';
import { registerReceipts } from './commands/receipts';
import { registerRedact } from './commands/redact';
import { registerReprocess } from './commands/reprocess';
import { registerRetention } from './commands/retention';
import { registerSession } from './commands/session';
import { registerStatus } from './commands/status';
import { registerWorker } from './commands/worker';
import { registerWebhooks } from './commands/webhooks';
import { CommandContext, CommandExit } from './commands/context';

export function buildProgram(context = new CommandContext()): Command {
  const program = new Command('epilogue')
    .description('Durable post-interview processing on Temporal and PostgreSQL')
    .showSuggestionAfterError()
    .exitOverride();
  for (const register of [
    registerIngest,
    registerEnqueue,
    registerStatus,
    registerReprocess,
    registerReanalyze,
    registerMigrate,
    registerWorker,
    registerDev,
    registerDemo,
    registerCodecServer,
    registerRedact,
    registerRetention,
    registerWebhooks,
    registerSession,
    registerExport,
    registerErase,
    registerReceipts,
    registerAudit,
  ]) {
    register(program, context);
  }
  return program;
}

function exitCodeFor(error: EpilogueError): number {
  return error.type === 'ConfigError' || error.type === 'UsageError' ? 2 : 1;
}

/**
 * With `--json`, a failure's documented type also goes to stdout as `{"error": {"type", "message"}}`,
 * so that scripts branch on the type instead of parsing the message.
 */
function printJsonError(argv: string[], type: string, message: string): void {
  const args = argv.slice(2);
  const optionsEnd = args.indexOf('--');
  if ((optionsEnd === -1 ? args : args.slice(0, optionsEnd)).includes('--json')) {
    process.stdout.write(`${JSON.stringify({ error: { type, message } })}\n`);
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommandExit) {
      process.stderr.write(`epilogue: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof CommanderError) {
      // Commander already printed the message (or the help text).
      if (error.exitCode === 0) return 0;
      printJsonError(argv, 'UsageError', error.message.replace(/^error: /, ''));
      return 2;
    }
    if (error instanceof EpilogueError) {
      process.stderr.write(`epilogue: ${error.message}\n`);
      printJsonError(argv, error.type, error.message);
      return exitCodeFor(error);
    }
    // gRPC errors put the server's explanation in the cause.
    const cause = (error as Error).cause as { details?: string; message?: string } | undefined;
    const reason = cause?.details ?? cause?.message;
    const detail = process.env['LOG_LEVEL'] === 'debug' ? `\n${(error as Error).stack}` : '';
    process.stderr.write(
      `epilogue: unexpected error: ${(error as Error).message.split('\n')[0]}${reason ? ` (${reason.split('\n')[0]})` : ''}${detail}\n`,
    );
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exit(code);
  });
}
