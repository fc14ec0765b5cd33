import type { Command } from 'commander';
import { type CommandContext, CommandExit, report } from './context';
import { withPrivacyClient } from './with-privacy-client';

export function registerAudit(program: Command, context: CommandContext): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description(
      'recompute every entry’s hash and link; exit 1 naming the first entry that was edited, removed or moved',
    )
    .option('--org <organizationId>', 'one organization’s chain (default: every organization’s)')
    .option('--json', 'print one JSON object')
    .action(async (options: { org?: string; json?: boolean }) => {
      const verification = await withPrivacyClient(context, (client) =>
        client.verifyAudit(options.org === undefined ? {} : { organizationId: options.org }),
      );
      report(options.json, verification, () =>
        verification.organizations.length === 0
          ? 'no audit entries'
          : verification.organizations
              .map((chain) =>
                chain.ok
                  ? `${chain.organizationId}: ${chain.entries} entries, chain intact${chain.head ? ` up to seq ${chain.head.seq} (hash ${chain.head.hash})` : ''}`
                  : `${chain.organizationId}: broken at seq ${chain.firstBadSeq}: ${chain.reason}`,
              )
              .join('\n'),
      );
      const broken = verification.organizations.find((chain) => !chain.ok);
      if (broken) {
        throw new CommandExit(
          `the audit chain of ${broken.organizationId} is broken at seq ${broken.firstBadSeq}`,
          1,
        );
      }
    });
}
