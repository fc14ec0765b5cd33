/**
 * Turns a planned demo interview into a run bundle on disk: synthesizes every utterance, times the
 * interview from the real durations (so the planned pauses hold), renders the audio and writes
 * `run.json`, `turns.jsonl` and the tracks. The result passes `openRunBundle`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { DemoInterviewPlan, TimedDemoInterview } from './demo-interview';
import { renderDemoAudio } from './render-demo-audio';
import { createSpeechSynthesizer, type SpeechSynthesizer } from './speech-synthesizer';
import { timeDemoInterview } from './time-demo-interview';
import { writeWavFile } from './write-wav-file';

export interface WrittenDemoBundle extends TimedDemoInterview {
  dir: string;
  runId: string;
  /** Absolute paths of the audio files, in the order of `manifest.audio.tracks`. */
  audioFiles: string[];
}

/**
 * Writes the bundle into `dir` (created if missing; files there are overwritten). Pass one
 * `synthesizer` to several calls to share its cache and its concurrency bound.
 */
export async function writeDemoBundle(
  plan: DemoInterviewPlan,
  dir: string,
  options: { synthesizer?: SpeechSynthesizer } = {},
): Promise<WrittenDemoBundle> {
  const synthesizer = options.synthesizer ?? createSpeechSynthesizer();
  const speech = await Promise.all(
    plan.utterances.map((utterance) =>
      synthesizer.synthesize({ text: utterance.text, voice: utterance.voice }),
    ),
  );
  const timed = timeDemoInterview(
    plan,
    speech.map((item) => item.durationMs),
  );
  const tracks = renderDemoAudio(
    plan.audioLayout,
    timed.timeline.map((utterance, index) => ({
      role: utterance.role,
      startMs: utterance.startMs,
      speech: speech[index]!,
    })),
    timed.durationMs,
    plan.noiseSeed,
  );

  await fs.mkdir(dir, { recursive: true });
  const audioFiles = tracks.map((track) => path.resolve(dir, track.format.file));
  await Promise.all(
    tracks.map((track, index) => writeWavFile(audioFiles[index]!, track.format, track.samples)),
  );
  await fs.writeFile(path.join(dir, 'run.json'), JSON.stringify(timed.manifest, null, 2) + '\n');
  await fs.writeFile(
    path.join(dir, 'turns.jsonl'),
    timed.turns.map((turn) => JSON.stringify(turn)).join('\n') + '\n',
  );
  return { ...timed, dir: path.resolve(dir), runId: plan.runId, audioFiles };
}
