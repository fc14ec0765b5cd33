/** Measures a file the way a user would check it: ffmpeg's own ebur128, and ffprobe for the format. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function integratedLoudness(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-af',
    'ebur128=framelog=verbose',
    '-f',
    'null',
    '-',
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)![1]);
}

export async function audioFormat(
  file: string,
): Promise<{ sampleRate: number; channels: number; codec: string; durationS: number }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=sample_rate,channels,codec_name,duration',
    '-of',
    'json',
    file,
  ]);
  const stream = (
    JSON.parse(stdout) as {
      streams: { sample_rate: string; channels: number; codec_name: string; duration: string }[];
    }
  ).streams[0]!;
  return {
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
    codec: stream.codec_name,
    durationS: Number(stream.duration),
  };
}
