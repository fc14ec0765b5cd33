/** Audio files for tests, made with ffmpeg: tones, silence, and deliberately broken files. */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function ffmpegGenerate(output: string, args: string[]): Promise<void> {
  await run('ffmpeg', ['-loglevel', 'error', '-y', ...args, output]);
}

export const tone = (
  output: string,
  seconds: number,
  frequency = 440,
  extra: string[] = ['-ar', '16000'],
) =>
  ffmpegGenerate(output, [
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${frequency}:duration=${seconds}`,
    ...extra,
  ]);

export const silence = (output: string, seconds: number) =>
  ffmpegGenerate(output, ['-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`, '-t', String(seconds)]);

/** The first `fraction` of a valid file: its header still describes the whole. */
export async function truncate(file: string, fraction: number): Promise<void> {
  const data = await fs.readFile(file);
  await fs.writeFile(file, data.subarray(0, Math.floor(data.length * fraction)));
}
