/**
 * PII redaction of a run, when its policy says so: every stored text and every audio file. Runs on
 * the media task queue (ffmpeg). The audio goes first, while the texts still say where the personal
 * data was spoken; each redacted file replaces its original only after it is verified, through a
 * new content-addressed blob, and the original blob is deleted once nothing references it. Then the
 * texts, the record that redaction is done and its audit entry are written in one transaction.
 *
 * Safe to retry: a file redacted again with the same spans gives the same bytes (the same blob),
 * redaction tokens are never detected again, and once the record is written the action is done.
 * Legal holds and policy changes are re-checked under row locks before each file and the texts.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { listAudioAssets, referencedBlobKeys, type AudioAssetRow } from '../db/audio-assets';
import { inTransaction } from '../db/pool';
import { loadRunTexts, organizationRedactionKey, saveRunTexts } from '../db/redaction';
import { replaceWithRedactedAudio } from '../db/redaction-audio';
import { markRetentionActionDone } from '../db/retention';
import { appendAudit } from '../db/audit-log';
import { pendingBlobDeletions } from '../db/retention-blob-deletions';
import { deleteRunData } from '../db/retention-deletions';
import { encodeMp3 } from '../lib/audio/normalize-commands';
import { probeAudio } from '../lib/audio/probe-audio';
import { redactSpans, type AudioSpan, type RedactedFormat } from '../lib/audio/redact-spans';
import { measureAudio, verifyRedactedAudio } from '../lib/audio/redact-verify';
import { runFfmpeg } from '../lib/audio/run-ffmpeg';
import type { AudioRedactionStyle, RetentionPolicy } from '../lib/domain/retention-policy';
import { participantIdentity } from '../lib/redaction/participant-identity';
import { redactRunTexts } from '../lib/redaction/redact-run-texts';
import { createTextRedactor, type TextRedactor } from '../lib/redaction/text-redactor';
import { deleteUnreferencedBlobs } from '../lib/retention/delete-unreferenced-blobs';
import {
  lockRetention,
  retentionGate,
  type GateOutcome,
  type RetentionRef,
} from '../lib/retention/load-retention';
import { withProgress } from '../lib/temporal/activity-progress';
import { withWorkDir } from '../lib/storage/work-dir';
import type { ActivityDependencies } from './dependencies';
import type { RetentionActionResult } from './retention';

/** What redaction writes for each kind of file: masters stay WAV, uploads become lossless FLAC. */
const outputFormat: Record<AudioAssetRow['kind'], RedactedFormat> = {
  normalized: 'wav',
  playback: 'mp3',
  source: 'flac',
};
const kindOrder: AudioAssetRow['kind'][] = ['normalized', 'playback', 'source'];

const anyLength = { minDurationMs: 0, maxDurationMs: Infinity };

export const createRedactionActivities = ({ db, storage, clock }: ActivityDependencies) => {
  /** Re-checks, under row locks, that redaction may still go ahead; returns why not otherwise. */
  const stillReady = async (client: Parameters<typeof lockRetention>[0], ref: RetentionRef) => {
    await lockRetention(client, ref);
    return (await retentionGate(client, ref, 'redact_pii', clock.now())).outcome;
  };

  const redactorFor = async (
    ref: RetentionRef,
    policy: RetentionPolicy,
    participant: Record<string, unknown>,
  ): Promise<TextRedactor> => {
    const key =
      policy.pii.mode === 'hash'
        ? await organizationRedactionKey(db, ref.organizationId, () => randomBytes(32))
        : undefined;
    return createTextRedactor(participantIdentity(participant), { mode: policy.pii.mode, key });
  };

  /**
   * Redacts every audio file of the run over `spans`: masters first, then each MP3 re-encoded from
   * its redacted master (as the pipeline made it), then the uploads. Returns the number of files
   * replaced, or why it stopped.
   */
  const redactAudio = async (
    ref: RetentionRef,
    spans: AudioSpan[],
    sound: AudioRedactionStyle,
  ): Promise<{ outcome: GateOutcome; files: number }> => {
    const assets = (await listAudioAssets(db, ref.organizationId, ref.runId)).sort(
      (a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind),
    );
    if (spans.length === 0 || assets.length === 0) return { outcome: 'ready', files: 0 };
    return withProgress('redact audio', (progress) =>
      withWorkDir(async (dir) => {
        const masters = new Map<string, string>();
        let files = 0;
        for (const [index, asset] of assets.entries()) {
          if (!(await storage.exists(asset.blobKey))) continue;
          const input = await storage.localPath(asset.blobKey);
          const original = await probeAudio(input, asset.track, anyLength);
          // Decoded, not probed: a VBR MP3's header estimates its length to within ~100 ms only.
          const originalMs = (await measureAudio(input, original.channels, [])).durationMs;
          const format = outputFormat[asset.kind];
          const output = path.join(dir, `${asset.kind}-${asset.track}.${format}`);
          const master = masters.get(asset.track);
          await runFfmpeg(
            asset.kind === 'playback' && master
              ? encodeMp3(master, output)
              : redactSpans(input, output, spans, sound, format),
            { signal: progress.signal, durationS: originalMs / 1000 },
          );
          const measured = await verifyRedactedAudio({
            file: output,
            channels: original.channels,
            originalDurationMs: originalMs,
            spans,
            sound,
            label: `${asset.kind} ${asset.track}`,
          });
          if (asset.kind === 'normalized') masters.set(asset.track, output);
          const blob = await storage.putFile(ref.organizationId, output, format);
          const outcome = await inTransaction(db, async (client) => {
            const ready = await stillReady(client, ref);
            if (ready !== 'ready') return ready;
            await replaceWithRedactedAudio(client, ref.organizationId, ref.runId, asset, {
              ...asset,
              format,
              codec: asset.kind === 'source' ? 'flac' : asset.codec,
              blobKey: blob.key,
              sha256: blob.sha256,
              byteSize: blob.size,
              durationMs: Math.round(measured.durationMs),
            });
            return 'ready' as const;
          });
          if (outcome !== 'ready') {
            // Held or gone meanwhile: the copy just stored is not used by anything.
            const used = await referencedBlobKeys(db, ref.organizationId, [blob.key]);
            if (!used.has(blob.key)) await storage.delete(blob.key);
            return { outcome, files };
          }
          if (blob.key !== asset.blobKey) files += 1;
          progress.report((index + 1) / assets.length);
        }
        return { outcome: 'ready' as const, files };
      }),
    );
  };

  return {
    /** Redacts the run's personal data in every stored text and its audio, if due and not held. */
    redactRunPii: async (ref: RetentionRef): Promise<RetentionActionResult> => {
      const gate = await retentionGate(db, ref, 'redact_pii', clock.now());
      const skipped = (outcome: GateOutcome) => ({
        outcome,
        at: clock.now().toISOString(),
        counts: {},
      });
      if (gate.outcome !== 'ready') return skipped(gate.outcome);
      const policy = gate.loaded!.policy;
      const texts = await loadRunTexts(db, ref.organizationId, ref.runId);
      if (!texts) return skipped('gone');
      const redactor = await redactorFor(ref, policy, texts.participant);
      const planned = redactRunTexts(texts, redactor);
      const audio = planned.located
        ? await redactAudio(ref, planned.spokenSpans, policy.pii.audio)
        : { outcome: 'ready' as const, files: 0 };
      if (audio.outcome !== 'ready') return skipped(audio.outcome);

      const at = clock.now();
      const result = await inTransaction(db, async (client) => {
        const ready = await stillReady(client, ref);
        if (ready !== 'ready') return { outcome: ready, counts: {} };
        // Read again under lock: a stage that wrote since is redacted too, never overwritten.
        const locked = await loadRunTexts(client, ref.organizationId, ref.runId);
        if (!locked) return { outcome: 'gone' as const, counts: {} };
        const redaction = redactRunTexts(locked, redactor);
        await saveRunTexts(client, ref.organizationId, ref.runId, redaction.changes);
        // Nothing says where in the audio the personal data was spoken: the audio cannot be kept.
        const unlocated = planned.located
          ? 0
          : ((await deleteRunData(client, ref.organizationId, ref.runId, 'delete_audio'))[
              'audio_files'
            ] ?? 0);
        const counts = {
          ...redaction.counts,
          audio_spans: planned.spokenSpans.length,
          audio_files_redacted: audio.files,
          audio_files_deleted: unlocated,
        };
        await markRetentionActionDone(client, ref.organizationId, ref.runId, 'redact_pii', at);
        await appendAudit(client, {
          organizationId: ref.organizationId,
          actor: 'retention',
          action: 'retention.pii_redacted',
          subject: { runId: ref.runId },
          details: {
            mode: policy.pii.mode,
            audio: policy.pii.audio,
            counts,
          },
          at,
        });
        return { outcome: 'applied' as const, counts };
      });
      await deleteUnreferencedBlobs(db, storage, await pendingBlobDeletions(db, ref));
      if (result.outcome === 'applied') {
        Context.current().log.info('personal data redacted', {
          runId: ref.runId,
          ...result.counts,
        });
      }
      return { ...result, at: at.toISOString() };
    },
  };
};
