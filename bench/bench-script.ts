/**
 * The entry point of a benchmark run on its own (`node dist/bench/<name>.js [--json] [--opt v]`):
 * string options with their defaults, the Temporal SDK runtime installed with quiet logs (for the
 * benchmarks whose worker runs in-process), the result as a table or, with --json, one JSON line
 * on stdout, and exit code 1 with one line on stderr when it fails.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { createLogger } from '../lib/logger';
import { installRuntime } from '../worker/runtime';

export function runBenchScript<T>(script: {
  name: string;
  defaults: Record<string, string>;
  run: (values: Record<string, string>) => Promise<T>;
  table: (result: T) => string;
}): void {
  const main = async () => {
    const options: ParseArgsConfig['options'] = { json: { type: 'boolean', default: false } };
    for (const [name, value] of Object.entries(script.defaults)) {
      options[name] = { type: 'string', default: value };
    }
    const { values } = parseArgs({ options });
    installRuntime(
      { EPILOGUE_METRICS_ADDRESS: 'off' },
      createLogger({ level: 'error', format: 'json' }),
    );
    const given = Object.fromEntries(
      Object.keys(script.defaults).map((name) => [name, String(values[name])]),
    );
    const result = await script.run(given);
    process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${script.table(result)}\n`);
  };
  main().catch((error: unknown) => {
    process.stderr.write(`bench/${script.name}: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
