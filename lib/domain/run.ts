/**
 * An interview run (Debriefer `interview_run`, seeds/003) as the platform hands it over in a run
 * bundle's `run.json`, and the statuses a run moves through.
 */
import { z } from 'zod';
import { blueprintSchema } from './blueprint';
import { participantSchema } from './participant';
import { isoDateTime, metadata, platformId } from './text';

export const runStatuses = [
  'created',
  'scheduled',
  'awaiting_participant',
  'awaiting_consent',
  'active',
  'paused',
  'processing',
  'completed',
  'abandoned',
  'failed',
  'expired',
  'admin_ended',
  'restarted',
] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A session is over in one of these ways; only such runs enter the post-interview pipeline. */
export const finalSessionStatuses = ['completed', 'abandoned', 'expired', 'admin_ended'] as const;
export type FinalSessionStatus = (typeof finalSessionStatuses)[number];

export const consentStatuses = ['pending', 'granted', 'declined', 'not_required'] as const;

export const audioExtensions = ['wav', 'mp3', 'webm', 'ogg', 'opus', 'm4a', 'flac'] as const;

/** A file name inside the bundle: no directories, so nothing can point outside it. */
export const bundleFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'must be a plain file name inside the bundle')
  .refine(
    (name) => (audioExtensions as readonly string[]).includes(name.split('.').pop()!.toLowerCase()),
    `must end in one of .${audioExtensions.join(', .')}`,
  );

export const audioLayoutSchema = z.discriminatedUnion('layout', [
  z.object({
    layout: z.literal('two_track'),
    tracks: z.object({ agent: bundleFileName, participant: bundleFileName }),
  }),
  z.object({ layout: z.literal('mixed'), tracks: z.object({ mixed: bundleFileName }) }),
  z.object({ layout: z.literal('none') }),
]);
export type AudioLayout = z.infer<typeof audioLayoutSchema>;

export const pipelineFlagsSchema = z.object({
  transcript: z.boolean().default(true),
  responses: z.boolean().default(true),
  analysis: z.boolean().default(true),
});
export type PipelineFlags = z.infer<typeof pipelineFlagsSchema>;

export const RUN_BUNDLE_FORMAT_VERSION = 1;

export const runManifestSchema = z
  .object({
    format_version: z.literal(RUN_BUNDLE_FORMAT_VERSION),
    id: platformId,
    organization_id: platformId,
    test_mode: z.boolean().default(false),
    status: z.enum(finalSessionStatuses),
    consent_status: z.enum(consentStatuses).default('not_required'),
    started_at: isoDateTime,
    completed_at: isoDateTime,
    metadata,
    pipeline: pipelineFlagsSchema.default({ transcript: true, responses: true, analysis: true }),
    blueprint: blueprintSchema,
    participant: participantSchema,
    audio: audioLayoutSchema,
  })
  .refine((run) => Date.parse(run.completed_at) >= Date.parse(run.started_at), {
    message: 'must not precede started_at',
    path: ['completed_at'],
  });

export type RunManifest = z.infer<typeof runManifestSchema>;
export type RunManifestInput = z.input<typeof runManifestSchema>;
