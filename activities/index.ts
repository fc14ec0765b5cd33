/**
 * The one factory of activities. The worker registers exactly what this returns; workflows import
 * its type only. Helpers live in lib/, never here.
 */
import { withTypedFailures } from '../lib/temporal/failures';
import type { ActivityDependencies } from './dependencies';
import { createAudioActivities } from './audio';
import { createDiarizationActivities } from './diarization';
import { createRunStatusActivities } from './run-status';
import { createTranscriptActivities } from './transcript';

export const createActivities = (deps: ActivityDependencies) =>
  withTypedFailures({
    ...createRunStatusActivities(deps),
    ...createAudioActivities(deps),
    ...createDiarizationActivities(deps),
    ...createTranscriptActivities(deps),
  });

export type Activities = ReturnType<typeof createActivities>;
