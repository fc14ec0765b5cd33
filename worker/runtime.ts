/**
 * Installs the Temporal SDK runtime once per process: its logger routed into pino (so workflow and
 * activity lines carry their ids) and, when enabled, Prometheus metrics from the SDK core.
 */
import { Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { Config } from '../lib/config';
import { temporalLogger, type Logger } from '../lib/logger';

export function installRuntime(
  config: Pick<Config, 'EPILOGUE_METRICS_ADDRESS'>,
  log: Logger,
): void {
  Runtime.install({
    logger: temporalLogger(log),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
      ...(config.EPILOGUE_METRICS_ADDRESS === 'off'
        ? {}
        : { metrics: { prometheus: { bindAddress: config.EPILOGUE_METRICS_ADDRESS } } }),
    },
  });
}
