/**
 * Levels of a stretch of a recording, measured the way an operator would check it by hand:
 * ffmpeg's astats over a trimmed segment (optionally band-passed around a frequency).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface MeasuredLevels {
  peakDb: number;
  rmsDb: number;
}

const level = (text: string, name: string) => {
  const match = new RegExp(`${name} level dB:\\s+(-?[\\d.]+|-inf)`).exec(text);
  return !match || match[1] === '-inf' ? -Infinity : Number(match[1]);
};

/** Peak and RMS (dBFS) between two times, on every channel mixed; `band` keeps only that frequency. */
export async function levelsBetween(
  file: string,
  startMs: number,
  endMs: number,
  options: { band?: number } = {},
): Promise<MeasuredLevels> {
  const band = options.band
    ? `bandpass=f=${options.band}:width_type=q:w=8,bandpass=f=${options.band}:width_type=q:w=8,`
    : '';
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostats',
    '-i',
    file,
    '-af',
    `atrim=start=${startMs / 1000}:end=${endMs / 1000},${band}aformat=channel_layouts=mono,astats=measure_perchannel=none:measure_overall=Peak_level+RMS_level`,
    '-f',
    'null',
    '-',
  ]);
  return { peakDb: level(stderr, 'Peak'), rmsDb: level(stderr, 'RMS') };
}

/** Sample rate, channels and duration of a file, from ffprobe. */
export async function probeFile(
  file: string,
): Promise<{ sampleRate: number; channels: number; durationMs: number; codec: string }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=sample_rate,channels,codec_name:format=duration',
    '-of',
    'json',
    file,
  ]);
  const parsed = JSON.parse(stdout) as {
    streams: { sample_rate: string; channels: number; codec_name: string }[];
    format: { duration: string };
  };
  return {
    sampleRate: Number(parsed.streams[0]!.sample_rate),
    channels: parsed.streams[0]!.channels,
    codec: parsed.streams[0]!.codec_name,
    durationMs: Number(parsed.format.duration) * 1000,
  };
}
