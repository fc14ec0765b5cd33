/**
 * What retention does to a run: delete one kind of its data, delete the run itself, or redact its
 * personal data. Pure, so workflows may use the names.
 */
import type { RetentionDataType } from '../domain/retention-policy';

/**
 * In the order they run when due at the same moment: deleting the run makes the rest moot, and
 * deleting the audio first saves redacting it; redaction runs before the transcript goes, because
 * the transcript's timings locate the personal data in the audio.
 */
export const retentionActions = [
  'delete_run',
  'delete_audio',
  'redact_pii',
  'delete_transcript',
  'delete_turn_log',
  'delete_analytics',
] as const;
export type RetentionAction = (typeof retentionActions)[number];
export type DeletionAction = Exclude<RetentionAction, 'redact_pii'>;

export const deletionActionFor: Record<RetentionDataType, DeletionAction> = {
  metadata: 'delete_run',
  audio: 'delete_audio',
  transcript: 'delete_transcript',
  turn_log: 'delete_turn_log',
  analytics: 'delete_analytics',
};

export function isRetentionAction(value: string): value is RetentionAction {
  return (retentionActions as readonly string[]).includes(value);
}
