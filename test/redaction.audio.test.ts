import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpilogueError } from '../lib/errors';
import { redactSpans, spanExpression, type AudioSpan } from '../lib/audio/redact-spans';
import { BEEP_RMS_DB, verifyRedactedAudio } from '../lib/audio/redact-verify';
import { runFfmpeg } from '../lib/audio/run-ffmpeg';
import { ffmpegGenerate, truncate } from './support/audio-files';
import { levelsBetween, probeFile } from './support/retention-audio';

let dir: string;
const spans: AudioSpan[] = [
  { startMs: 1000, endMs: 1600 },
  { startMs: 3000, endMs: 3500 },
];

/** A loud 440 Hz tone: speech-like level, far from the beep's 1 kHz. */
const toneInput = (frequency = 440, extra: string[] = []) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=${frequency}:duration=6,volume=4`,
  '-ar',
  '16000',
  ...extra,
];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'epilogue-redact-audio-'));
});

afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('redactSpans (ffmpeg)', () => {
  it('beeps the spans of a WAV master and leaves every other sample as it was', async () => {
    const input = path.join(dir, 'master.wav');
    const output = path.join(dir, 'master.redacted.wav');
    await ffmpegGenerate(input, toneInput());
    await runFfmpeg(redactSpans(input, output, spans, 'beep', 'wav'));

    for (const span of spans) {
      const beep = await levelsBetween(output, span.startMs + 5, span.endMs - 5);
      expect(beep.rmsDb).toBeCloseTo(BEEP_RMS_DB, 0);
      const voice = await levelsBetween(output, span.startMs + 5, span.endMs - 5, { band: 440 });
      expect(voice.rmsDb).toBeLessThan(-60);
    }
    for (const [start, end] of [
      [0, 995],
      [1605, 2995],
      [3505, 6000],
    ] as const) {
      const before = await levelsBetween(input, start, end);
      const after = await levelsBetween(output, start, end);
      expect(after.rmsDb).toBeCloseTo(before.rmsDb, 2);
    }
    expect((await probeFile(output)).durationMs).toBeCloseTo(6000, -1);
  });

  it('silences the spans of a 48 kHz stereo upload, kept at its rate and channels as FLAC', async () => {
    const input = path.join(dir, 'source.wav');
    const output = path.join(dir, 'source.redacted.flac');
    await ffmpegGenerate(input, [...toneInput(300), '-ar', '48000', '-ac', '2']);
    await runFfmpeg(redactSpans(input, output, spans, 'silence', 'flac'));
    const format = await probeFile(output);
    expect(format).toMatchObject({ sampleRate: 48000, channels: 2, codec: 'flac' });
    for (const span of spans) {
      expect((await levelsBetween(output, span.startMs, span.endMs)).peakDb).toBe(-Infinity);
    }
    expect((await levelsBetween(output, 2000, 2900)).rmsDb).toBeGreaterThan(-20);
    await verifyRedactedAudio({
      file: output,
      channels: 2,
      originalDurationMs: 6000,
      spans,
      sound: 'silence',
      label: 'source participant',
    });
  });

  it('silences MP3 copies well enough to pass verification', async () => {
    const input = path.join(dir, 'master2.wav');
    const output = path.join(dir, 'playback.mp3');
    await ffmpegGenerate(input, toneInput());
    await runFfmpeg(redactSpans(input, output, spans, 'silence', 'mp3'));
    const measured = await verifyRedactedAudio({
      file: output,
      channels: 1,
      originalDurationMs: 6000,
      spans,
      sound: 'silence',
      label: 'playback mixed',
    });
    expect(measured.spans.every((span) => span.peakDb < -50)).toBe(true);
  });

  it('writes the same bytes when the same spans are redacted again', async () => {
    const input = path.join(dir, 'master3.wav');
    await ffmpegGenerate(input, toneInput());
    const once = path.join(dir, 'once.wav');
    const twice = path.join(dir, 'twice.wav');
    await runFfmpeg(redactSpans(input, once, spans, 'beep', 'wav'));
    await runFfmpeg(redactSpans(once, twice, spans, 'beep', 'wav'));
    expect(Buffer.compare(await fs.readFile(once), await fs.readFile(twice))).toBe(0);
  });

  it('tests hundreds of spans with a balanced tree, a few comparisons per sample', () => {
    const many = Array.from({ length: 256 }, (_, index) => ({
      startMs: index * 1000,
      endMs: index * 1000 + 300,
    }));
    const expression = spanExpression(many);
    // Depth of the tree: eight nested comparisons for 256 spans.
    expect(expression.match(/^(if\(lt\(t,[\d.]+\),)+/)?.[0].split('if(').length).toBe(9);
    expect(spanExpression([])).toBe('0');
  });
});

describe('verifyRedactedAudio', () => {
  const expectRefused = async (promise: Promise<unknown>, reason: RegExp) => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EpilogueError);
    expect((error as EpilogueError).type).toBe('RedactionNotVerified');
    expect((error as EpilogueError).message).toMatch(reason);
  };

  it('refuses a file whose spans are still audible', async () => {
    const input = path.join(dir, 'unredacted.wav');
    await ffmpegGenerate(input, toneInput());
    await expectRefused(
      verifyRedactedAudio({
        file: input,
        channels: 1,
        originalDurationMs: 6000,
        spans,
        sound: 'silence',
        label: 'normalized agent',
      }),
      /2 of 2 spans are not silent \(first at 1000 ms\)/,
    );
  });

  it('refuses a redacted file that is shorter than the original, and retries one that does not decode', async () => {
    const input = path.join(dir, 'short.wav');
    const output = path.join(dir, 'short.redacted.wav');
    await ffmpegGenerate(input, toneInput());
    await runFfmpeg(redactSpans(input, output, spans, 'silence', 'wav'));
    await truncate(output, 0.8);
    const check = (file: string) =>
      verifyRedactedAudio({
        file,
        channels: 1,
        originalDurationMs: 6000,
        spans,
        sound: 'silence',
        label: 'normalized agent',
      });
    await expectRefused(check(output), /length differs from the original's by 12\d\d ms/);
    const garbage = path.join(dir, 'garbage.wav');
    await fs.writeFile(garbage, 'not audio at all');
    // Not a verdict on the redaction: a retry redacts afresh, so the failure stays retryable.
    const undecodable = await check(garbage).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(undecodable).not.toBeInstanceOf(EpilogueError);
    expect((undecodable as Error).message).toMatch(
      /^redacted normalized agent audio does not decode \(/,
    );
  });
});
