/**
 * The one factory of activities. The worker registers exactly what this returns; workflows import
 * its type only. Helpers live in lib/, never here.
 */
import { withTypedFailures } from '../lib/temporal/failures';
import type { ActivityDependencies } from './dependencies';
import { createAnalysisActivities } from './analysis';
import { createAnalysisBatchActivities } from './analysis-batch';
import { createAudioActivities } from './audio';
import { createDiarizationActivities } from './diarization';
import { createErasureActivities } from './erasure';
import { createExportActivities } from './exports';
import { createRedactionActivities } from './redaction';
import { createRetentionActivities } from './retention';
import { createRunStatusActivities } from './run-status';
import { createSessionActivities } from './sessions';
import { createTranscriptActivities } from './transcript';
import { createWebhookActivities } from './webhooks';

export const createActivities = (deps: ActivityDependencies) =>
  withTypedFailures({
    ...createRunStatusActivities(deps),
    ...createAudioActivities(deps),
    ...createDiarizationActivities(deps),
    ...createTranscriptActivities(deps),
    ...createAnalysisActivities(deps),
    ...createAnalysisBatchActivities(deps),
    ...createWebhookActivities(deps),
    ...createRetentionActivities(deps),
    ...createRedactionActivities(deps),
    ...createSessionActivities(deps),
    ...createExportActivities(deps),
    ...createErasureActivities(deps),
  });

export type Activities = ReturnType<typeof createActivities>;
