/**
 * Renders the audio tracks of a demo run from synthesized speech placed on its timeline. The
 * participant's side gets quiet room noise and mains hum, and a lower level than the agent's, so
 * that denoising, high-pass filtering and loudness normalization all have real work to do.
 */
import type { Role } from '../domain/turn';
import { demoTrackFormats, type TrackFormat } from './demo-audio-format';
import type { DemoAudioLayout } from './demo-interview';
import type { SynthesizedSpeech } from './espeak-speech';
import { SeededRandom } from './seeded-random';

export interface PlacedSpeech {
  role: Role;
  startMs: number;
  speech: SynthesizedSpeech;
}

export interface RenderedTrack {
  track: 'agent' | 'participant' | 'mixed';
  format: TrackFormat;
  /** The recorded signal, -1..1; a stereo format carries it on both channels. */
  samples: Float32Array;
}

const levels = {
  agentGain: 0.9,
  /** A laptop microphone at arm's length: about 6 dB below the agent. */
  participantGain: 0.45,
  /** About -50 dBFS RMS: clearly there in pauses, well below speech. */
  noiseRms: 0.003,
  humAmplitude: 0.002,
  humHz: 60,
};

/** Mixes `speech` into `track` at `startMs`, resampling by linear interpolation. */
function placeSpeech(
  track: Float32Array,
  sampleRate: number,
  { samples, sampleRate: sourceRate }: SynthesizedSpeech,
  startMs: number,
  gain: number,
): void {
  const offset = Math.round((startMs * sampleRate) / 1000);
  const step = sourceRate / sampleRate;
  const length = Math.min(
    Math.floor((samples.length * sampleRate) / sourceRate),
    track.length - offset,
  );
  for (let index = 0; index < length; index += 1) {
    const position = index * step;
    const before = Math.floor(position);
    const fraction = position - before;
    const a = samples[before] ?? 0;
    const b = samples[before + 1] ?? a;
    track[offset + index]! += gain * (a + (b - a) * fraction);
  }
}

/** Brownish noise (white noise through a one-pole low-pass) plus mains hum, from a seed. */
function addRoomNoise(track: Float32Array, sampleRate: number, seed: number): void {
  const random = new SeededRandom(seed);
  const pole = 0.9;
  // White noise uniform in [-1, 1) has RMS 1/sqrt(3); the low-pass scales it by sqrt((1-a)/(1+a)).
  const filteredRms = Math.sqrt(1 / 3) * Math.sqrt((1 - pole) / (1 + pole));
  const scale = levels.noiseRms / filteredRms;
  const humStep = (2 * Math.PI * levels.humHz) / sampleRate;
  let state = 0;
  for (let index = 0; index < track.length; index += 1) {
    state = pole * state + (1 - pole) * (random.next() * 2 - 1);
    track[index]! += scale * state + levels.humAmplitude * Math.sin(humStep * index);
  }
}

function emptyTrack(format: TrackFormat, durationMs: number): Float32Array {
  return new Float32Array(Math.ceil((durationMs * format.sampleRate) / 1000));
}

export function renderDemoAudio(
  layout: DemoAudioLayout,
  placed: readonly PlacedSpeech[],
  durationMs: number,
  noiseSeed: number,
): RenderedTrack[] {
  const gain = (role: Role) => (role === 'agent' ? levels.agentGain : levels.participantGain);
  if (layout === 'mixed') {
    const format = demoTrackFormats.mixed;
    const track = emptyTrack(format, durationMs);
    addRoomNoise(track, format.sampleRate, noiseSeed);
    for (const { role, startMs, speech } of placed) {
      placeSpeech(track, format.sampleRate, speech, startMs, gain(role));
    }
    return [{ track: 'mixed', format, samples: track }];
  }
  return (['agent', 'participant'] as const).map((role) => {
    const format = demoTrackFormats[role];
    const track = emptyTrack(format, durationMs);
    if (role === 'participant') addRoomNoise(track, format.sampleRate, noiseSeed);
    for (const utterance of placed) {
      if (utterance.role === role) {
        placeSpeech(track, format.sampleRate, utterance.speech, utterance.startMs, gain(role));
      }
    }
    return { track: role, format, samples: track };
  });
}
