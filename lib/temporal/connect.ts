/**
 * Connections to Temporal for clients and workers. The first connection is retried until the
 * connect timeout so that a worker started alongside the server waits for it, then fails with
 * one line naming the address.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { UnreachableError } from '../errors';

const RETRY_INTERVAL_MS = 500;

async function withRetries<T>(
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

type TemporalSettings = Pick<
  Config,
  'TEMPORAL_ADDRESS' | 'TEMPORAL_NAMESPACE' | 'TEMPORAL_CONNECT_TIMEOUT_S'
>;

export async function connectWorkerConnection(config: TemporalSettings): Promise<NativeConnection> {
  return withRetries(config.TEMPORAL_ADDRESS, config.TEMPORAL_CONNECT_TIMEOUT_S, () =>
    NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  );
}

export async function connectClient(config: TemporalSettings): Promise<Client> {
  const connection = await withRetries(
    config.TEMPORAL_ADDRESS,
    config.TEMPORAL_CONNECT_TIMEOUT_S,
    () => Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: '5 seconds' }),
  );
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}
