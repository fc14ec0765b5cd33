import type { Command } from 'commander';
import { type CommandContext, report } from './context';

export function registerStatus(program: Command, context: CommandContext): void {
  program
    .command('status')
    .description("show a run's status, history and pipeline progress")
    .argument('<runId>', 'run id')
    .option('--org <organizationId>', 'organization the run must belong to')
    .option('--json', 'print one JSON object')
    .action(async (runId: string, options: { org?: string; json?: boolean }) => {
      const status = await context.withClient((client) =>
        client.getRunStatus(runId, options.org ? { organizationId: options.org } : {}),
      );
      report(options.json, status, () => {
        const lines = [
          `run ${status.runId} (organization ${status.organizationId}): ${status.status}` +
            (status.statusReason ? ` — ${status.statusReason}` : ''),
          `session ended as ${status.sessionStatus}`,
        ];
        const stages = Object.entries(status.pipelineState);
        if (stages.length > 0)
          lines.push(`stages: ${stages.map(([stage, state]) => `${stage}=${state}`).join(', ')}`);
        if (status.workflow) {
          const progress = status.workflow.progress;
          lines.push(
            `workflow ${status.workflow.workflowId}: ${status.workflow.status}` +
              (progress
                ? ` (stage ${progress.stage}, ${progress.percent}%)`
                : status.workflow.stage
                  ? ` (stage ${status.workflow.stage}; no worker answered the progress query)`
                  : ''),
          );
        } else {
          lines.push('no pipeline workflow yet (epilogue enqueue starts one)');
        }
        for (const change of status.history) {
          lines.push(
            `  ${change.at.toISOString()}  ${change.fromStatus ?? '—'} → ${change.toStatus}${change.reason ? ` (${change.reason})` : ''}`,
          );
        }
        return lines.join('\n');
      });
    });
}
