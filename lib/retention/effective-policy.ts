/**
 * The policy that applies to an organization's runs: its stored settings over its plan's defaults.
 * Stored settings are validated here, so a hand-edited setting that makes no sense stops the
 * planning with InvalidRetentionPolicy naming the setting instead of deleting on a guess.
 */
import type { z } from 'zod';
import type { Plan } from '../../db/organizations';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import {
  piiSettingsSchema,
  retentionDataTypes,
  retentionSettingsSchema,
  type PiiSettings,
  type RetentionPolicy,
  type RetentionSettings,
} from '../domain/retention-policy';
import { planDefaults } from './plan-defaults';

export interface StoredRetentionSettings {
  retention?: unknown;
  pii?: unknown;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = [name, ...issue.path.map(String)].join('.');
  throw new EpilogueError(
    `organization setting ${field} ${issue.message}`,
    FailureType.InvalidRetentionPolicy,
  );
}

export function parseRetentionSettings(value: unknown): RetentionSettings {
  return parse(retentionSettingsSchema, value, 'retention');
}

export function parsePiiSettings(value: unknown): PiiSettings {
  return parse(piiSettingsSchema, value, 'pii');
}

export function effectivePolicy(plan: Plan, stored: StoredRetentionSettings): RetentionPolicy {
  const retention = parseRetentionSettings(stored.retention);
  const pii = parsePiiSettings(stored.pii);
  const defaults = planDefaults(plan);
  const periods = { ...defaults.periods };
  const overrides: string[] = [];
  for (const type of retentionDataTypes) {
    const period = retention[type];
    if (period !== undefined) {
      periods[type] = period;
      overrides.push(`retention.${type}`);
    }
  }
  // The turn log is the transcript's raw form: unless set on its own, it goes with the transcript.
  if (retention.turn_log === undefined) periods.turn_log = periods.transcript;
  for (const key of ['redact_after', 'mode', 'audio'] as const) {
    if (pii[key] !== undefined) overrides.push(`pii.${key}`);
  }
  if (retention.legal_hold !== undefined) overrides.push('retention.legal_hold');
  return {
    plan,
    periods,
    pii: {
      redact_after: pii.redact_after ?? defaults.pii.redact_after,
      mode: pii.mode ?? defaults.pii.mode,
      audio: pii.audio ?? defaults.pii.audio,
    },
    legal_hold: retention.legal_hold ?? defaults.legal_hold,
    overrides,
  };
}
