import type { Command } from 'commander';
import type { CommandContext } from './context';

export function registerWorker(program: Command, context: CommandContext): void {
  program
    .command('worker')
    .description('run the Epilogue worker until SIGINT/SIGTERM')
    .action(async () => {
      // Loaded on use: the worker SDK's native bridge is not needed by the other commands.
      const { installRuntime } = await import('../../worker/runtime.js');
      const { runWorker } = await import('../../worker/run-worker.js');
      const config = context.config();
      installRuntime(config, context.log());
      await runWorker(config, context.log());
    });
}
