/**
 * An organization's retention and PII settings, as stored in `organizations.settings.retention`
 * and `organizations.settings.pii`. Every key is optional: what an organization does not set comes
 * from its plan (lib/retention/plan-defaults.ts). The effective policy merges the two.
 */
import { z } from 'zod';
import type { Plan } from '../../db/organizations';
import { redactionDelay, retentionPeriod, type RedactionDelay } from './retention-period';

/**
 * The kinds of data a run holds, each with its own retention period: `transcript` (the assembled
 * transcript and the responses quoting it), `turn_log` (the raw turns the platform captured),
 * `audio` (uploads, masters and MP3s), `analytics` (analyses and diarization) and `metadata` (the
 * run itself: when it expires, everything left of the run goes).
 */
export const retentionDataTypes = [
  'transcript',
  'turn_log',
  'audio',
  'analytics',
  'metadata',
] as const;
export type RetentionDataType = (typeof retentionDataTypes)[number];

export const redactionModes = ['label', 'hash'] as const;
export const audioRedactionStyles = ['beep', 'silence'] as const;
export type AudioRedactionStyle = (typeof audioRedactionStyles)[number];

export const retentionSettingsSchema = z.strictObject({
  transcript: retentionPeriod.optional(),
  turn_log: retentionPeriod.optional(),
  audio: retentionPeriod.optional(),
  analytics: retentionPeriod.optional(),
  metadata: retentionPeriod.optional(),
  /** Holds every run of the organization: nothing is deleted or redacted until released. */
  legal_hold: z.boolean().optional(),
});
export type RetentionSettings = z.infer<typeof retentionSettingsSchema>;

export const piiSettingsSchema = z.strictObject({
  /** How long after the run is final its personal data is redacted everywhere; `never` by default. */
  redact_after: redactionDelay.optional(),
  /** `label` writes `[EMAIL]`; `hash` writes `[EMAIL:<keyed hash>]` with the organization's key. */
  mode: z.enum(redactionModes).optional(),
  /** What replaces the spoken personal data in the audio. */
  audio: z.enum(audioRedactionStyles).optional(),
});
export type PiiSettings = z.infer<typeof piiSettingsSchema>;

/** What applies to an organization's runs now: its settings over its plan's defaults. */
export interface RetentionPolicy {
  plan: Plan;
  periods: Record<RetentionDataType, z.infer<typeof retentionPeriod>>;
  pii: {
    redact_after: RedactionDelay;
    mode: (typeof redactionModes)[number];
    audio: AudioRedactionStyle;
  };
  legal_hold: boolean;
  /** The settings the organization chose itself (the rest are its plan's defaults). */
  overrides: string[];
}
