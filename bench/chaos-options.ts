/** The command line of `npm run chaos -- [--json] [--runs N] [--seed S] [--keep]`. */
import { Command, InvalidArgumentError } from 'commander';
import { MAX_DEMO_RUNS } from '../lib/demo/plan-demo-interviews';

export interface ChaosOptions {
  json: boolean;
  /** Demo interviews processed under faults. */
  runs: number;
  /** Seeds the interviews and the fault schedule (kinds, moments, durations). */
  seed: number;
  /** Keeps the data directory and database of a run that passed too (a failed run keeps them). */
  keep: boolean;
}

function integer(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    }
    return parsed;
  };
}

/** Exits with code 2 and commander's message on bad usage, as the CLI does. */
export function parseChaosOptions(argv: string[]): ChaosOptions {
  const program = new Command('chaos')
    .description(
      'run demo interviews while killing the worker, restarting Temporal, terminating PostgreSQL ' +
        'backends and taking the webhook receiver down; then check nothing was lost or duplicated',
    )
    .option('--json', 'print one JSON object', false)
    .option('--runs <n>', 'how many interviews', integer(1, MAX_DEMO_RUNS), 6)
    .option('--seed <n>', 'seed of the interviews and the faults', integer(0, 2 ** 31 - 1), 7)
    .option('--keep', 'keep the data directory and database even if every check holds', false)
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .parse(argv);
  return program.opts<ChaosOptions>();
}
