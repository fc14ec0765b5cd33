import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { EpilogueError } from '../../lib/errors';
import { type CommandContext, CommandExit, report } from './context';
import { withPrivacyClient } from './with-privacy-client';

async function readSource(source: string): Promise<string> {
  if (source !== '-') {
    return fs.readFile(source, 'utf8').catch((error: unknown) => {
      throw new EpilogueError(
        `cannot read ${source} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
        'UsageError',
      );
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A receipt, or what `epilogue erase --json` printed (the receipt is its `receipt`). */
function receiptIn(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new EpilogueError('the receipt is not JSON', 'UsageError');
  }
  const record = value as Record<string, unknown> | null;
  return record && typeof record === 'object' && !('signature' in record) && 'receipt' in record
    ? record['receipt']
    : value;
}

export function registerReceipts(program: Command, context: CommandContext): void {
  const receipts = program.command('receipts').description('erasure receipts: fetch and verify');

  receipts
    .command('show')
    .description('the signed receipt of a completed erasure request, as JSON')
    .argument('<requestId>', 'the request id `epilogue erase` printed')
    .requiredOption('--org <organizationId>', 'the organization of the request')
    .option('--json', 'print it on one line')
    .action(async (requestId: string, options: { org: string; json?: boolean }) => {
      const receipt = await withPrivacyClient(context, (client) =>
        client.getReceipt(options.org, requestId),
      );
      report(options.json, receipt, () => JSON.stringify(receipt, null, 2));
    });

  receipts
    .command('verify')
    .description(
      "check a receipt's signature against its organization's public key (exit 1 if not)",
    )
    .argument('<file>', 'the receipt file, or - for stdin')
    .option('--json', 'print one JSON object')
    .action(async (file: string, options: { json?: boolean }) => {
      const receipt = receiptIn(await readSource(file));
      const verification = await withPrivacyClient(context, (client) =>
        client.verifyReceipt(receipt),
      );
      report(options.json, verification, () =>
        verification.ok
          ? `receipt ${verification.requestId} of ${verification.organizationId} verifies (key ${verification.keyId})`
          : `receipt does not verify: ${verification.reason}`,
      );
      if (!verification.ok)
        throw new CommandExit(`receipt does not verify: ${verification.reason}`, 1);
    });
}
