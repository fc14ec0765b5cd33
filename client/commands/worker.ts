import type { Command } from 'commander';
import { installRuntime } from '../../worker/runtime';
import { runWorker } from '../../worker/run-worker';
import type { CommandContext } from './context';

export function registerWorker(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description('run the Epilogue worker until SIGINT/SIGTERM')
    .action(async () => {
      const config = context.config();
      installRuntime(config, context.log());
      await runWorker(config, context.log());
    });
}
