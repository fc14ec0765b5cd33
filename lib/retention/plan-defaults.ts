/**
 * Each plan's retention periods (seed 002's table: transcripts / audio / analytics / metadata).
 * Enterprise is "custom" there: its defaults follow seed 001 (transcripts and metadata kept until
 * deleted, audio 90 days) and each organization sets its own. The raw turn log follows the
 * transcript it was assembled into. PII redaction is off until an organization turns it on.
 */
import type { Plan } from '../../db/organizations';
import type { RetentionPolicy } from '../domain/retention-policy';

type PlanPeriods = Omit<RetentionPolicy['periods'], 'turn_log'>;

const planPeriods: Record<Plan, PlanPeriods> = {
  free: { transcript: '30d', audio: '7d', analytics: '30d', metadata: '1y' },
  starter: { transcript: '90d', audio: '30d', analytics: '1y', metadata: 'forever' },
  professional: { transcript: '1y', audio: '90d', analytics: 'forever', metadata: 'forever' },
  enterprise: { transcript: 'forever', audio: '90d', analytics: 'forever', metadata: 'forever' },
};

export function planDefaults(plan: Plan): Omit<RetentionPolicy, 'plan' | 'overrides'> {
  const periods = planPeriods[plan];
  return {
    periods: { ...periods, turn_log: periods.transcript },
    pii: { redact_after: 'never', mode: 'label', audio: 'beep' },
    legal_hold: false,
  };
}
