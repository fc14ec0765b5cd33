import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { CommandContext } from './context';

export function registerDev(program: Command, context: CommandContext): void {
  program
    .command('dev')
    .description(
      'start the Temporal dev server (Web UI on, payloads decoded) and a worker; Ctrl-C stops all',
    )
    .action(async () => {
      // Loaded on use: the worker SDK and the dev-server launcher are heavy to import.
      const { startDevServer } = await import('../../lib/temporal/dev-server.js');
      const { startCodecServer } = await import('../../lib/temporal/codec-server.js');
      const { AesGcmPayloadCodec } = await import('../../lib/temporal/payload-codec.js');
      const { loadPayloadKeys } = await import('../../lib/temporal/payload-keys.js');
      const { installRuntime } = await import('../../worker/runtime.js');
      const { runWorker } = await import('../../worker/run-worker.js');
      const config = context.config();
      const log = context.log();
      installRuntime(config, log);
      const host = config.TEMPORAL_ADDRESS.slice(0, config.TEMPORAL_ADDRESS.lastIndexOf(':'));
      // The UI reads payloads through the codec server; its token lives only in the UI's endpoint.
      const codec = await startCodecServer({
        codec: new AesGcmPayloadCodec(loadPayloadKeys(config)),
        token: config.EPILOGUE_CODEC_TOKEN ?? randomBytes(24).toString('base64url'),
        port: config.EPILOGUE_CODEC_PORT,
        allowedOrigins: [
          `http://${host}:${config.TEMPORAL_UI_PORT}`,
          `http://localhost:${config.TEMPORAL_UI_PORT}`,
        ],
      });
      try {
        const server = await startDevServer(config, { uiCodecEndpoint: codec.uiEndpoint });
        try {
          await runWorker(config, log, {
            onReady: () =>
              process.stderr.write(
                `Epilogue dev: Temporal ${server.address}, Web UI ${server.uiUrl}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows\n` +
                  `payloads decoded for the UI by ${codec.url}; worker on task queue ${config.EPILOGUE_TASK_QUEUE}; Ctrl-C stops everything\n`,
              ),
          });
        } finally {
          await server.stop();
        }
      } finally {
        await codec.stop();
      }
    });
}
