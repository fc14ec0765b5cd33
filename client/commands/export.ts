import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ExportClient, type ExportResult } from '../export-client';
import { type CommandContext, report } from './context';

interface ExportOptions {
  org: string;
  participant: string;
  requestId?: string;
  out?: string;
  json?: boolean;
}

function describeExport(result: ExportResult): string {
  const { counts } = result;
  return [
    `export ${result.requestId}: ${result.file}`,
    `  ${result.bytes} bytes, sha256 ${result.sha256}`,
    `  ${counts['runs'] ?? 0} runs, ${counts['transcript_entries'] ?? 0} transcript entries, ${counts['responses'] ?? 0} responses, ${counts['analyses'] ?? 0} analyses, ${counts['audio_files'] ?? 0} audio files`,
    `  expires ${result.expiresAt}`,
  ].join('\n');
}

export function registerExport(program: Command, context: CommandContext): void {
  program
    .command('export')
    .description(
      "write a participant's data in one organization as a ZIP (JSON, CSV, audio, checksums)",
    )
    .requiredOption('--org <organizationId>', 'the organization whose data is exported')
    .requiredOption('--participant <externalId>', "the participant's external id")
    .option('--request-id <id>', 'names the request: the same id never exports twice')
    .option('--out <file>', 'also copy the ZIP to this file')
    .option('--json', 'print one JSON object')
    .action(async (options: ExportOptions) => {
      const config = context.config();
      const result = await context.withClient(async (client) =>
        new ExportClient({
          db: client.db,
          storage: client.storage,
          temporal: () => client.temporal(),
          taskQueue: config.EPILOGUE_TASK_QUEUE,
          ttl: config.EPILOGUE_EXPORT_TTL,
        }).requestExport({
          organizationId: options.org,
          participantExternalId: options.participant,
          ...(options.requestId ? { requestId: options.requestId } : {}),
        }),
      );
      let file = result.file;
      if (options.out) {
        file = path.resolve(options.out);
        await fs.copyFile(result.file, file);
      }
      const shown = { ...result, file };
      report(
        options.json,
        {
          requestId: shown.requestId,
          workflowId: shown.workflowId,
          file: shown.file,
          bytes: shown.bytes,
          sha256: shown.sha256,
          createdAt: shown.createdAt,
          expiresAt: shown.expiresAt,
          counts: shown.counts,
        },
        () => describeExport(shown),
      );
    });
}
