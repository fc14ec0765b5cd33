import type { Command } from 'commander';
import { type CommandContext, report } from './context';

export function registerIngest(program: Command, context: CommandContext): void {
  program
    .command('ingest')
    .description(
      'validate and store run bundles (directory, .zip or .tar), then enqueue their pipelines',
    )
    .argument('<bundle...>', 'run bundle paths')
    .option('--no-enqueue', 'store only; start the pipelines later with `epilogue enqueue`')
    .option('--json', 'print one JSON object')
    .action(async (bundles: string[], options: { enqueue: boolean; json?: boolean }) => {
      const results = await context.withClient(async (client) => {
        const done = [];
        for (const bundle of bundles) {
          const ingested = await client.ingestRunBundle(bundle);
          const enqueued = options.enqueue
            ? await client.enqueueCompletedRun(ingested.runId, {
                organizationId: ingested.organizationId,
              })
            : undefined;
          done.push({
            ...ingested,
            workflowId: enqueued?.workflowId ?? null,
            started: enqueued?.started ?? false,
          });
        }
        return done;
      });
      report(options.json, { runs: results }, () =>
        results
          .map(
            (run) =>
              `${run.runId}: ${run.outcome === 'created' ? 'stored' : 'already stored, unchanged'}` +
              (run.workflowId
                ? `; pipeline ${run.workflowId} ${run.started ? 'started' : 'already exists'}`
                : ''),
          )
          .join('\n'),
      );
    });
}
