/**
 * The interviewee. Everything here except `external_id` is personal data: it is stored in the
 * run row only, never logged, never put in workflow ids, search attributes or history.
 */
import { z } from 'zod';
import { metadata, text } from './text';

export const participantSchema = z.object({
  external_id: text(200).min(1),
  name: text(300).optional(),
  email: z.email({ error: 'must be an email address' }).max(320).optional(),
  phone: text(50).optional(),
  metadata,
});

export type Participant = z.infer<typeof participantSchema>;
