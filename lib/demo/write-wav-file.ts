/**
 * Writes a rendered track as a PCM WAV file in its source format. ffmpeg does the encoding: it is
 * already a dependency of the pipeline and encodes minutes of audio in a fraction of a second,
 * where packing samples one by one in JavaScript takes several seconds per track.
 */
import { spawn } from 'node:child_process';
import type { TrackFormat } from './demo-audio-format';

/** Interleaved 32-bit float PCM with the signal on every channel, clipped to full scale. */
function interleave(samples: Float32Array, channels: number): Float32Array {
  const frames = new Float32Array(samples.length * channels);
  for (let index = 0; index < samples.length; index += 1) {
    const sample = Math.max(-1, Math.min(1, samples[index]!));
    for (let channel = 0; channel < channels; channel += 1) {
      frames[index * channels + channel] = sample;
    }
  }
  return frames;
}

export async function writeWavFile(
  file: string,
  format: TrackFormat,
  samples: Float32Array,
): Promise<void> {
  const pcm = interleave(samples, format.channels);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      'ffmpeg',
      [
        ...['-hide_banner', '-loglevel', 'error', '-y'],
        ...['-f', 'f32le', '-ar', String(format.sampleRate), '-ac', String(format.channels)],
        ...['-i', 'pipe:0'],
        ...['-c:a', `pcm_s${format.bitDepth}le`, '-bitexact', file],
      ],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else {
        const message = Buffer.concat(stderr).toString().trim().slice(0, 300);
        reject(new Error(`ffmpeg could not write ${format.file} (exit ${code}): ${message}`));
      }
    });
    child.stdin.on('error', reject);
    child.stdin.end(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
  });
}
