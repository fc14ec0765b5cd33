import { NativeConnection } from '@temporalio/worker';
import { type TemporalSettings, withConnectRetries } from '../lib/temporal/connect';

/** The worker's connection to Temporal, retried like the client's until the connect timeout. */
export async function connectWorkerConnection(config: TemporalSettings): Promise<NativeConnection> {
  return withConnectRetries(config.TEMPORAL_ADDRESS, config.TEMPORAL_CONNECT_TIMEOUT_S, () =>
    NativeConnection.connect({ address: config.TEMPORAL_ADDRESS }),
  );
}
