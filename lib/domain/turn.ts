/**
 * One line of the platform's live turn log (`turns.jsonl`): what was said, by whom, when, and at
 * which blueprint node. The transcript is assembled from these and the audio.
 */
import { z } from 'zod';
import { isoDateTime, text } from './text';

export const roles = ['agent', 'participant'] as const;
export type Role = (typeof roles)[number];

export const entryTypes = [
  'utterance',
  'follow_up',
  'clarification',
  'acknowledgement',
  'intro',
  'outro',
  'system',
] as const;

export const wordTimingSchema = z
  .object({
    word: text(200).min(1),
    /** Milliseconds from the start of the turn. */
    start_ms: z.number().int().min(0),
    end_ms: z.number().int().min(0),
    confidence: z.number().min(0).max(1).optional(),
  })
  .refine((word) => word.end_ms >= word.start_ms, {
    message: 'end_ms must not precede start_ms',
    path: ['end_ms'],
  });

export const turnSchema = z.object({
  role: z.enum(roles),
  content: text(20_000),
  timestamp: isoDateTime,
  duration_ms: z.number().int().min(0).max(3_600_000).default(0),
  session_id: text(100).optional(),
  node_id: text(100).optional(),
  question_key: text(100).optional(),
  entry_type: z.enum(entryTypes).default('utterance'),
  confidence: z.number().min(0).max(1).optional(),
  words: z.array(wordTimingSchema).max(10_000).optional(),
});

export type Turn = z.infer<typeof turnSchema>;
