import type { Command } from 'commander';
import { EpilogueError } from '../../lib/errors';
import { createLogger } from '../../lib/logger';
import { type CommandContext, report } from './context';

interface DemoCommandOptions {
  runs: string;
  seed: string;
  webhookUrl?: string;
  webhookSecret?: string;
  redactAfter?: string;
  json?: boolean;
}

export function registerDemo(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .description(
      'make realistic interviews with synthesized speech and run them through the pipeline',
    )
    .option('--runs <n>', 'how many interviews (1-50)', '3')
    .option('--seed <n>', 'seed of the generated interviews', '7')
    .option(
      '--webhook-url <url>',
      "send the runs' events to this endpoint instead of a local receiver",
    )
    .option('--webhook-secret <secret>', 'the whsec_ secret to sign them with (default: generated)')
    .option(
      '--redact-after <duration>',
      "redact the runs' personal data this soon after they end (e.g. 10s) and wait for it",
    )
    .option('--json', 'print one JSON object')
    .action(async (options: DemoCommandOptions) => {
      const runs = Number(options.runs);
      const seed = Number(options.seed);
      if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
        throw new EpilogueError('--runs must be an integer from 1 to 50', 'UsageError');
      }
      if (!Number.isInteger(seed))
        throw new EpilogueError('--seed must be an integer', 'UsageError');
      if (options.webhookSecret && !options.webhookUrl) {
        throw new EpilogueError('--webhook-secret needs --webhook-url', 'UsageError');
      }
      const config = context.config();
      // The demo talks to the user through its progress bars and summary; routine worker logs
      // would drown them, so it logs warnings unless a more detailed level than the default is set.
      const log = createLogger({
        level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL,
        format: config.LOG_FORMAT,
      });
      const { runDemo } = await import('../demo/run-demo.js');
      const { formatDemoSummary } = await import('../demo/print-demo-summary.js');
      const result = await runDemo(config, log, {
        runs,
        seed,
        showProgress: process.stderr.isTTY,
        redactAfter: options.redactAfter,
        ...(options.webhookUrl
          ? { webhook: { url: options.webhookUrl, secret: options.webhookSecret } }
          : {}),
      });
      report(options.json, result, () => formatDemoSummary(result));
    });
}
