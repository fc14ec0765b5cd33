/**
 * Hostile audio files made from a valid WAV by editing its bytes: headers that lie about the
 * sample rate or channel count, a header with no samples after it, an MP3 that is only its ID3 tag,
 * an image under an audio name. Complements the ffmpeg-made files of audio-files.ts.
 */
import fs from 'node:fs/promises';
import { ffmpegGenerate } from './audio-files';

/** Offsets of a canonical PCM WAV header (RIFF, then the `fmt ` chunk at byte 12). */
const FMT_CHUNK = 12;
const CHANNELS = FMT_CHUNK + 10;
const SAMPLE_RATE = FMT_CHUNK + 12;
const BLOCK_ALIGN = FMT_CHUNK + 20;

async function pcmWav(source: string): Promise<Buffer> {
  const wav = await fs.readFile(source);
  if (wav.toString('latin1', FMT_CHUNK, FMT_CHUNK + 4) !== 'fmt ') {
    throw new Error(`${source} is not a canonical WAV`);
  }
  return wav;
}

/** A copy of `source` whose header claims another sample rate or channel count. */
export async function wavWithLyingHeader(
  source: string,
  target: string,
  claims: { sampleRate?: number; channels?: number },
): Promise<void> {
  const wav = await pcmWav(source);
  if (claims.sampleRate !== undefined) wav.writeUInt32LE(claims.sampleRate, SAMPLE_RATE);
  if (claims.channels !== undefined) {
    wav.writeUInt16LE(claims.channels, CHANNELS);
    // 16-bit samples: a frame is two bytes per channel.
    wav.writeUInt16LE(claims.channels * 2, BLOCK_ALIGN);
  }
  await fs.writeFile(target, wav);
}

/** The header of `source` up to its `data` chunk's header: a WAV without a single sample. */
export async function headerOnlyWav(source: string, target: string): Promise<void> {
  const wav = await pcmWav(source);
  await fs.writeFile(target, wav.subarray(0, wav.indexOf('data', 0, 'latin1') + 8));
}

/** An empty ID3v2.4 tag and nothing after it. */
export async function id3OnlyMp3(target: string): Promise<void> {
  await fs.writeFile(target, Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00', 'latin1'));
}

/** A PNG test card, to be named as audio. */
export async function pngImage(target: string): Promise<void> {
  await ffmpegGenerate(target, [
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=32x32:rate=1',
    '-frames:v',
    '1',
    '-f',
    'image2',
    '-c:v',
    'png',
    '-update',
    '1',
  ]);
}
