/**
 * Connections to Temporal. The first connection is retried until the connect timeout so that a
 * process started alongside the server waits for it, then fails with one line naming the address.
 * (The worker's native connection is in worker/native-connection.ts, to keep the worker SDK out
 * of client processes.)
 */
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { UnreachableError } from '../errors';
import { encryptingDataConverter } from './data-converter';

const RETRY_INTERVAL_MS = 500;

export async function withConnectRetries<T>(
  address: string,
  timeoutS: number,
  connect: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    try {
      return await connect();
    } catch (error) {
      if (Date.now() >= deadline) {
        const reason = (error as Error).message.split('\n')[0];
        throw new UnreachableError(`cannot reach Temporal at ${address} (${reason})`, {
          cause: error,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
    }
  }
}

export type TemporalSettings = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_CONNECT_TIMEOUT_S'
>;

/** A client whose payloads are encrypted with the configured keys. */
export async function connectClient(
  config: TemporalSettings & Pick<Config, 'EPILOGUE_PAYLOAD_KEYS' | 'EPILOGUE_DATA_DIR'>,
): Promise<Client> {
  const connection = await withConnectRetries(
    config.TEMPORAL_ADDRESS,
    config.TEMPORAL_CONNECT_TIMEOUT_S,
    () => Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '5 seconds' }),
  );
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: encryptingDataConverter(config),
  });
}
