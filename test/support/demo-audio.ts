/**
 * Measures demo audio the way the pipeline will see it: durations from ffprobe, and loudness over a
 * time window of the signal that ffmpeg decodes (down-mixed to mono).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function probeDurationMs(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
  ]);
  return Number(stdout.trim()) * 1000;
}

export interface DecodedAudio {
  sampleRate: number;
  samples: Float32Array;
}

export async function decodeMono(file: string, sampleRate = 16_000): Promise<DecodedAudio> {
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-v', 'error', '-i', file, '-ac', '1', '-ar', String(sampleRate)],
      ...['-f', 'f32le', 'pipe:1'],
    ],
    { encoding: 'buffer', maxBuffer: 512 * 1024 ** 2 },
  );
  const bytes = Uint8Array.from(stdout);
  return { sampleRate, samples: new Float32Array(bytes.buffer, 0, bytes.byteLength / 4) };
}

/** Root mean square of the signal between two offsets in milliseconds. */
export function rmsBetween({ sampleRate, samples }: DecodedAudio, startMs: number, endMs: number) {
  const from = Math.max(0, Math.round((startMs * sampleRate) / 1000));
  const to = Math.min(samples.length, Math.round((endMs * sampleRate) / 1000));
  let sum = 0;
  for (let index = from; index < to; index += 1) sum += samples[index]! ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

export async function probeStream(
  file: string,
): Promise<{ codec: string; sampleRate: number; channels: number }> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_entries'],
    ...['stream=codec_name,sample_rate,channels', '-of', 'json', file],
  ]);
  const [stream] = (
    JSON.parse(stdout) as {
      streams: { codec_name: string; sample_rate: string; channels: number }[];
    }
  ).streams;
  return {
    codec: stream!.codec_name,
    sampleRate: Number(stream!.sample_rate),
    channels: stream!.channels,
  };
}
