/**
 * Synthesizes one utterance with espeak-ng and returns its samples, trimmed of the silence espeak-ng
 * adds before and after speech, so that an utterance's duration is the time it is actually heard.
 */
import { spawn } from 'node:child_process';
import { WaveFile } from 'wavefile';
import { EpilogueError } from '../errors';
import type { SpeechVoice } from './demo-voices';

export interface SpeechRequest {
  text: string;
  voice: SpeechVoice;
}

export interface SynthesizedSpeech {
  sampleRate: number;
  /** Mono, -1..1. */
  samples: Float32Array;
  durationMs: number;
}

/** About -46 dBFS: below any speech, above espeak-ng's digital silence. */
const silenceFloor = 0.005;
/** Kept around the speech so that word onsets and decays are not clipped. */
const edgePaddingMs = 15;

function trimSilence(samples: Float32Array, sampleRate: number): Float32Array {
  const padding = Math.round((edgePaddingMs * sampleRate) / 1000);
  let first = samples.findIndex((sample) => Math.abs(sample) > silenceFloor);
  if (first === -1) return samples.subarray(0, 0);
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) <= silenceFloor) last -= 1;
  first = Math.max(0, first - padding);
  last = Math.min(samples.length - 1, last + padding);
  return samples.subarray(first, last + 1);
}

function decodeWav(bytes: Buffer): { sampleRate: number; samples: Float32Array } {
  // espeak-ng streams to stdout, so its header gives a placeholder data size; wavefile reads up
  // to the real end of the buffer.
  const wav = new WaveFile(bytes);
  const format = wav.fmt as { sampleRate: number; numChannels: number };
  if (format.numChannels !== 1 || wav.bitDepth !== '16') {
    throw new Error(
      `unexpected espeak-ng output: ${format.numChannels} channels, ${wav.bitDepth} bit`,
    );
  }
  const raw = wav.getSamples(false, Float64Array);
  const samples = new Float32Array(raw.length);
  for (let index = 0; index < raw.length; index += 1) samples[index] = raw[index]! / 32768;
  return { sampleRate: format.sampleRate, samples };
}

export async function synthesizeWithEspeak(request: SpeechRequest): Promise<SynthesizedSpeech> {
  const { voice } = request;
  const output = await new Promise<Buffer>((resolve, reject) => {
    const child = spawn(
      'espeak-ng',
      [
        '-v',
        voice.name,
        '-s',
        String(voice.speedWpm),
        '-p',
        String(voice.pitch),
        '--stdin',
        '--stdout',
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new EpilogueError(
              'espeak-ng is not installed; the demo needs it to synthesize speech',
              'ConfigError',
              { cause: error },
            )
          : error,
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout));
      else {
        reject(
          new Error(
            `espeak-ng exited with ${code}: ${Buffer.concat(stderr).toString().trim().slice(0, 200)}`,
          ),
        );
      }
    });
    child.stdin.end(request.text);
  });
  const { sampleRate, samples } = decodeWav(output);
  const speech = trimSilence(samples, sampleRate);
  return {
    sampleRate,
    samples: speech,
    durationMs: Math.round((speech.length * 1000) / sampleRate),
  };
}
