import type { Command } from 'commander';
import { type CommandContext, report } from './context';

export function registerEnqueue(program: Command, context: CommandContext): void {
  program
    .command('enqueue')
    .description('start the pipeline of a stored run (idempotent)')
    .argument('<runId>', 'run id')
    .option('--org <organizationId>', 'organization the run must belong to')
    .option('--json', 'print one JSON object')
    .action(async (runId: string, options: { org?: string; json?: boolean }) => {
      const result = await context.withClient((client) =>
        client.enqueueCompletedRun(runId, options.org ? { organizationId: options.org } : {}),
      );
      report(
        options.json,
        result,
        () => `${result.workflowId} ${result.started ? 'started' : 'already exists'}`,
      );
    });
}
