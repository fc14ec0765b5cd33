import { Option, type Command } from 'commander';
import { EpilogueError } from '../../lib/errors';
import type { RedactionMode } from '../../lib/pii/redact';
import { type CommandContext, report } from './context';

const addName = (name: string, names: string[]) => [...names, name];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerRedact(program: Command, context: CommandContext): void {
  program
    .command('redact')
    .description('redact personal data in text read from stdin, to check the PII detector')
    .addOption(
      new Option('--mode <mode>', 'label ([EMAIL]) or hash ([EMAIL:<keyed hash>])')
        .choices(['label', 'hash'])
        .default('label'),
    )
    .option(
      '--known-name <name>',
      "the participant's name, found in any case (repeatable)",
      addName,
      [],
    )
    .option('--json', 'print {"redacted", "entities"} as one JSON object; offsets index the input')
    .action(async (options: { mode: RedactionMode; knownName: string[]; json?: boolean }) => {
      const key = options.mode === 'hash' ? context.config().EPILOGUE_REDACTION_KEY : undefined;
      if (options.mode === 'hash' && key === undefined) {
        throw new EpilogueError(
          '--mode hash needs EPILOGUE_REDACTION_KEY (at least 16 characters)',
          'UsageError',
        );
      }
      const text = await readStdin();
      // Loaded on use: the NLP model is not needed by the other commands.
      const { redactPii } = await import('../../lib/pii/redact.js');
      const { redacted, entities } = redactPii(text, {
        mode: options.mode,
        key,
        knownNames: options.knownName,
      });
      // The human form is the text itself, ending in exactly one newline.
      report(options.json, { redacted, entities }, () => redacted.replace(/\n$/, ''));
    });
}
