import type { Command } from 'commander';
import type { CommandContext } from './context';

export function registerDev(program: Command, context: CommandContext): void {
  program
    .command('dev')
    .description('start the Temporal dev server (Web UI on) and a worker; Ctrl-C stops both')
    .action(async () => {
      // Loaded on use: the worker SDK and the dev-server launcher are heavy to import.
      const { startDevServer } = await import('../../lib/temporal/dev-server.js');
      const { installRuntime } = await import('../../worker/runtime.js');
      const { runWorker } = await import('../../worker/run-worker.js');
      const config = context.config();
      const log = context.log();
      installRuntime(config, log);
      const server = await startDevServer(config);
      try {
        await runWorker(config, log, {
          onReady: () =>
            process.stderr.write(
              `Epilogue dev: Temporal ${server.address}, Web UI ${server.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows\n` +
                `worker on task queue ${config.EPILOGUE_TASK_QUEUE}; Ctrl-C stops everything\n`,
            ),
        });
      } finally {
        await server.stop();
      }
    });
}
