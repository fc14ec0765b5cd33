/**
 * Precision and recall of a PII detector over the labelled corpus, per type and overall.
 *
 * Matching rule: a labelled span is found when a detection of the same type overlaps it by at
 * least one character, and a detection is correct when it overlaps a labelled span of the same
 * type. Overlap rather than exact boundaries, because redaction only needs the value covered: "Dr.
 * Wen Li" and "Wen Li" hide the same name, and a span that also takes a trailing "Apt 3B" hides
 * the same address. A detection of the wrong type counts against the precision of its type and
 * leaves the labelled span missed.
 */
import { PII_TYPES, type PiiEntity, type PiiType } from '../lib/pii/pii-entity';
import type { CorpusSample } from './pii-corpus';

export interface TypeScore {
  type: PiiType;
  /** Labelled spans of this type. */
  labelled: number;
  /** Labelled spans of this type that a detection of the same type overlaps. */
  found: number;
  detected: number;
  /** Detections of this type that overlap a labelled span of the same type. */
  correct: number;
  precision: number;
  recall: number;
}

export interface ScoredSpan {
  type: PiiType;
  span: string;
  text: string;
}

export interface CorpusScore {
  byType: TypeScore[];
  overall: Omit<TypeScore, 'type'>;
  missed: ScoredSpan[];
  falsePositives: ScoredSpan[];
}

export type Detector = (text: string, knownNames: string[]) => PiiEntity[];

const overlaps = (a: PiiEntity, b: PiiEntity) =>
  a.type === b.type && a.start < b.end && b.start < a.end;

/** A ratio that is 1 when there was nothing to get wrong. */
const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

function score(counts: Omit<TypeScore, 'type' | 'precision' | 'recall'>) {
  return {
    ...counts,
    precision: ratio(counts.correct, counts.detected),
    recall: ratio(counts.found, counts.labelled),
  };
}

export function scoreDetector(corpus: readonly CorpusSample[], detect: Detector): CorpusScore {
  const counts = new Map(
    PII_TYPES.map((type) => [type, { labelled: 0, found: 0, detected: 0, correct: 0 }]),
  );
  const missed: ScoredSpan[] = [];
  const falsePositives: ScoredSpan[] = [];
  for (const { text, labels, knownNames } of corpus) {
    const detections = detect(text, knownNames);
    for (const label of labels) {
      const count = counts.get(label.type)!;
      count.labelled += 1;
      if (detections.some((detection) => overlaps(detection, label))) count.found += 1;
      else missed.push({ type: label.type, span: text.slice(label.start, label.end), text });
    }
    for (const detection of detections) {
      const count = counts.get(detection.type)!;
      count.detected += 1;
      if (labels.some((label) => overlaps(label, detection))) count.correct += 1;
      else {
        const span = text.slice(detection.start, detection.end);
        falsePositives.push({ type: detection.type, span, text });
      }
    }
  }
  const byType = PII_TYPES.map((type) => ({ type, ...score(counts.get(type)!) }));
  const total = (key: 'labelled' | 'found' | 'detected' | 'correct') =>
    byType.reduce((sum, row) => sum + row[key], 0);
  const overall = score({
    labelled: total('labelled'),
    found: total('found'),
    detected: total('detected'),
    correct: total('correct'),
  });
  return { byType, overall, missed, falsePositives };
}
