/**
 * Turns every detector's findings into sorted, non-overlapping spans. Where two overlap, the type
 * earlier in PII_TYPES wins (a cue-backed member id over the phone number its digits also form),
 * then the longer span ("Grace Hopper" over "Grace").
 */
import { PII_TYPES, type PiiEntity } from './pii-entity';

const rank = (entity: PiiEntity) => PII_TYPES.indexOf(entity.type);

export function resolveOverlaps(entities: readonly PiiEntity[]): PiiEntity[] {
  const preferred = entities
    .filter((entity) => entity.end > entity.start)
    .sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: PiiEntity[] = [];
  for (const entity of preferred) {
    if (!kept.some((other) => other.start < entity.end && entity.start < other.end)) {
      kept.push({ type: entity.type, start: entity.start, end: entity.end });
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
