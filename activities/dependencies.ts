/** What activities are built over. The worker builds these once; tests pass their own. */
import type { Pool } from '../db/pool';
import type { Logger } from '../lib/logger';
import type { AnalysisSettings } from '../lib/analysis/analysis-settings';
import type { AudioLimits } from '../lib/audio/probe-audio';
import type { BlobStore } from '../lib/storage/blob-store';
import type { PayloadKeys } from '../lib/temporal/payload-keys';
import type { WebhookSettings } from '../lib/webhooks/webhook-settings';

export interface Clock {
  now(): Date;
}

export interface ActivityDependencies {
  db: Pool;
  storage: BlobStore;
  log: Logger;
  clock: Clock;
  audioLimits: AudioLimits;
  analysis: AnalysisSettings;
  /** Webhook allowlist and retry schedule; absent means none and the default schedule. */
  webhooks?: WebhookSettings;
  /**
   * What seals secrets kept in PostgreSQL (organizations' receipt signing keys): the payload
   * keys, which never enter the database. Without them erasure cannot sign its receipt.
   */
  sealingKeys?: PayloadKeys;
}
