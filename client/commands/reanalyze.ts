import type { Command } from 'commander';
import { isAnalysisProvider } from '../../lib/analysis/analysis-settings';
import { EpilogueError } from '../../lib/errors';
import { type CommandContext, report } from './context';

export function registerReanalyze(program: Command, context: CommandContext): void {
  program
    .command('reanalyze')
    .description("run only a run's analysis again; the previous result stays as an earlier version")
    .argument('<runId>', 'run id')
    .option('--provider <provider>', "local or anthropic (default: the organization's choice)")
    .option('--model <model>', 'Claude model for the anthropic provider')
    .option('--org <organizationId>', 'organization the run must belong to')
    .option('--request-id <id>', 'names the request: the same id never analyzes twice')
    .option('--no-wait', 'start it and return')
    .option('--json', 'print one JSON object')
    .action(
      async (
        runId: string,
        options: {
          provider?: string;
          model?: string;
          org?: string;
          requestId?: string;
          wait: boolean;
          json?: boolean;
        },
      ) => {
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
      },
    );
}
