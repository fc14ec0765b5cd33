import type { Command } from 'commander';
import type { ErasureOutcome, ErasurePreview } from '../privacy-client';
import { type CommandContext, report } from './context';
import { withPrivacyClient } from './with-privacy-client';

interface EraseOptions {
  org: string;
  participant?: string;
  run?: string;
  confirm?: boolean;
  requestId?: string;
  json?: boolean;
}

const nonZero = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, count]) => count > 0)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ') || 'none';

function describePreview(preview: ErasurePreview): string {
  const subject = preview.scope === 'participant' ? 'the participant' : 'the run';
  return [
    'dry run: nothing was changed',
    `would erase ${preview.runs} run(s) of ${subject} in ${preview.organizationId}`,
    `  rows: ${nonZero(preview.rows)}`,
    `  files ${preview.blobs}, workflow histories ${preview.workflows}, access exports ${preview.exports}`,
    preview.legalHold
      ? `  a legal hold on the ${preview.legalHold} refuses this erasure`
      : '  no legal hold applies',
    'run again with --confirm to erase',
  ].join('\n');
}

function describeOutcome(outcome: ErasureOutcome): string {
  const { counts, organization_id: organizationId } = outcome.receipt;
  return [
    `erased: request ${outcome.requestId} (${outcome.workflowId}), finished ${outcome.receipt.finished_at}`,
    `  runs ${counts.runs}; rows: ${nonZero(counts.rows)}`,
    `  files ${counts.blobs}, workflow histories ${counts.workflow_histories}`,
    `receipt signed with key ${outcome.receipt.signature.key_id}; save it with`,
    `  epilogue receipts show ${outcome.requestId} --org ${organizationId} > receipt.json`,
  ].join('\n');
}

export function registerErase(program: Command, context: CommandContext): void {
  program
    .command('erase')
    .description(
      "erase a participant's data (or one run's) with a signed receipt; without --confirm, a dry run",
    )
    .requiredOption('--org <organizationId>', 'the organization whose data goes (and no other)')
    .option('--participant <externalId>', "the participant's external id: all their runs")
    .option('--run <runId>', 'one run')
    .option('--confirm', 'erase; without it nothing changes and the counts show what would go')
    .option('--request-id <id>', 'your id for the request (default: derived from the subject)')
    .option('--json', 'print one JSON object (the preview, or the request and its receipt)')
    .action(async (options: EraseOptions) => {
      const result = await withPrivacyClient(context, (client) =>
        client.requestErasure({
          organizationId: options.org,
          ...(options.participant === undefined
            ? {}
            : { participantExternalId: options.participant }),
          ...(options.run === undefined ? {} : { runId: options.run }),
          ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
          confirm: options.confirm === true,
        }),
      );
      report(options.json, result, () =>
        result.dryRun ? describePreview(result) : describeOutcome(result),
      );
    });
}
