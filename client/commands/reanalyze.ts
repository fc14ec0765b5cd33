import type { Command } from 'commander';
import { isAnalysisProvider } from '../../lib/analysis/analysis-settings';
import { EpilogueError } from '../../lib/errors';
import { type CommandContext, report } from './context';

interface ReanalyzeOptions {
  provider?: string;
  model?: string;
  org?: string;
  requestId?: string;
  batch?: boolean;
  pollEvery: string;
  wait: boolean;
  json?: boolean;
}

export function registerReanalyze(program: Command, context: CommandContext): void {
  program
    .command('reanalyze')
    .description("run only a run's analysis again; the previous result stays as an earlier version")
    .argument('<runIds...>', 'run id (several with --batch)')
    .option('--provider <provider>', "local or anthropic (default: the organization's choice)")
    .option('--model <model>', 'Claude model for the anthropic provider')
    .option(
      '--org <organizationId>',
      'organization the runs must belong to (required with --batch)',
    )
    .option('--request-id <id>', 'names the request: the same id never analyzes twice')
    .option('--batch', "many runs through Claude's Message Batches API (half the price, hours)")
    .option(
      '--poll-every <seconds>',
      "with --batch: first wait before asking the batch's status",
      '60',
    )
    .option('--no-wait', 'start it and return')
    .option('--json', 'print one JSON object')
    .action(async (runIds: string[], options: ReanalyzeOptions) => {
      if (options.batch) return reanalyzeInBatch(context, runIds, options);
      if (runIds.length > 1) {
        throw new EpilogueError('give one run id, or several with --batch', 'UsageError');
      }
      const runId = runIds[0]!;
      if (options.provider !== undefined && !isAnalysisProvider(options.provider)) {
        throw new EpilogueError('--provider must be local or anthropic', 'UsageError');
      }
      const outcome = await context.withClient(async (client) => {
        const started = await client.reanalyzeRun(runId, {
          ...(options.provider && isAnalysisProvider(options.provider)
            ? { provider: options.provider }
            : {}),
          ...(options.model ? { model: options.model } : {}),
          ...(options.org ? { organizationId: options.org } : {}),
          ...(options.requestId ? { requestId: options.requestId } : {}),
        });
        return {
          workflowId: started.workflowId,
          analysis: options.wait ? await started.result : null,
        };
      });
      report(options.json, outcome, () =>
        outcome.analysis
          ? `${runId}: analysis version ${outcome.analysis.version} by ${outcome.analysis.provider}${outcome.analysis.model ? ` (${outcome.analysis.model})` : ''}, sentiment ${outcome.analysis.overall}, ${outcome.analysis.themes} themes`
          : `${outcome.workflowId} started`,
      );
    });
}

async function reanalyzeInBatch(
  context: CommandContext,
  runIds: string[],
  options: ReanalyzeOptions,
): Promise<void> {
  if (!options.org) throw new EpilogueError('--batch needs --org', 'UsageError');
  if (options.provider !== undefined && options.provider !== 'anthropic') {
    throw new EpilogueError('--batch analyzes with the anthropic provider only', 'UsageError');
  }
  const pollEverySeconds = Number(options.pollEvery);
  if (!Number.isInteger(pollEverySeconds) || pollEverySeconds < 1 || pollEverySeconds > 3600) {
    throw new EpilogueError('--poll-every must be 1 to 3600 seconds', 'UsageError');
  }
  const organizationId = options.org;
  const outcome = await context.withClient(async (client) => {
    const started = await client.reanalyzeRunsInBatch(organizationId, runIds, {
      ...(options.requestId ? { requestId: options.requestId } : {}),
      ...(options.model ? { model: options.model } : {}),
      pollEveryMs: pollEverySeconds * 1000,
    });
    return { workflowId: started.workflowId, batch: options.wait ? await started.result : null };
  });
  report(options.json, outcome, () => {
    const batch = outcome.batch;
    if (!batch) return `${outcome.workflowId} started`;
    const refused = batch.refused.map((run) => `${run.runId} (${run.type})`).join(', ');
    return [
      `${outcome.workflowId}: ${batch.batched.length} runs analyzed in batch ${batch.batchId ?? '(none)'}, ${batch.direct.length} directly`,
      ...(refused ? [`refused: ${refused}`] : []),
    ].join('\n');
  });
}
