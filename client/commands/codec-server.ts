import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { startCodecServer } from '../../lib/temporal/codec-server';
import { AesGcmPayloadCodec } from '../../lib/temporal/payload-codec';
import { loadPayloadKeys } from '../../lib/temporal/payload-keys';
import type { CommandContext } from './context';

export function registerCodecServer(program: Command, context: CommandContext): void {
  program
    .command('codec-server')
    .description('serve /encode and /decode so the Temporal UI and CLI can read encrypted payloads')
    .option(
      '--origin <origins>',
      'comma-separated UI origins allowed by CORS',
      'http://127.0.0.1:8233,http://localhost:8233',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (options: { origin: string; host: string }) => {
      const config = context.config();
      const token = config.EPILOGUE_CODEC_TOKEN ?? randomBytes(24).toString('base64url');
      const server = await startCodecServer({
        codec: new AesGcmPayloadCodec(loadPayloadKeys(config)),
        token,
        port: config.EPILOGUE_CODEC_PORT,
        host: options.host,
        allowedOrigins: options.origin.split(',').map((origin) => origin.trim()),
      });
      process.stderr.write(
        `codec server on ${server.url} (Bearer token or ${server.uiEndpoint} for the UI); Ctrl-C stops it\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.stop();
    });
}
