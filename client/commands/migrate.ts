import type { Command } from 'commander';
import { connectDatabase, describeDatabaseUrl } from '../../db/pool';
import { migrate } from '../../db/migrate';
import { type CommandContext, report } from './context';

export function registerMigrate(program: Command, context: CommandContext): void {
  program
    .command('migrate')
    .description('create the database if missing and apply pending migrations')
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const config = context.config();
      const db = await connectDatabase({
        url: config.DATABASE_URL,
        timeoutS: config.TEMPORAL_CONNECT_TIMEOUT_S,
        log: context.log(),
      });
      try {
        const applied = await migrate(db, context.log());
        const database = describeDatabaseUrl(config.DATABASE_URL);
        report(options.json, { database, applied }, () =>
          applied.length > 0
            ? `applied ${applied.join(', ')} to ${database}`
            : `${database} is up to date`,
        );
      } finally {
        await db.end();
      }
    });
}
