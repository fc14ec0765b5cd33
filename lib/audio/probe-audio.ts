/**
 * Stage 1 of the pipeline: ffprobe says what an uploaded file is, and anything the pipeline cannot
 * use is refused here with a typed, non-retryable error that names the problem (never the path).
 */
import ffmpeg from 'fluent-ffmpeg';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';

export interface AudioProbe {
  codec: string;
  durationMs: number;
  sampleRate: number;
  channels: number;
  format: string;
}

export interface AudioLimits {
  minDurationMs: number;
  maxDurationMs: number;
}

export const defaultAudioLimits: AudioLimits = {
  minDurationMs: 500,
  maxDurationMs: 4 * 3600 * 1000,
};

/** Codecs ffmpeg decodes that interview platforms upload (WAV, MP3, WebM/Ogg Opus or Vorbis, AAC, FLAC). */
const acceptedCodecs = /^(pcm_[a-z0-9]+|mp3|opus|vorbis|aac|flac|alac|adpcm_[a-z0-9_]+)$/;

function invalid(message: string): EpilogueError {
  return new EpilogueError(message, FailureType.InvalidAudio);
}

function ffprobe(file: string): Promise<ffmpeg.FfprobeData> {
  return new Promise((resolve, reject) =>
    ffmpeg.ffprobe(file, (error: Error | null, data) => (error ? reject(error) : resolve(data))),
  );
}

/** Probes `file` and checks it against the limits; `track` names it in messages. */
export async function probeAudio(
  file: string,
  track: string,
  limits: AudioLimits = defaultAudioLimits,
): Promise<AudioProbe> {
  let data: ffmpeg.FfprobeData;
  try {
    data = await ffprobe(file);
  } catch {
    throw invalid(`${track} track is not a readable audio file (corrupt, truncated or not audio)`);
  }
  const stream = data.streams.find((candidate) => candidate.codec_type === 'audio');
  if (!stream) throw invalid(`${track} track contains no audio stream`);
  const codec = stream.codec_name ?? 'unknown';
  if (!acceptedCodecs.test(codec))
    throw invalid(`${track} track uses the unsupported codec ${codec}`);
  const sampleRate = Number(stream.sample_rate ?? 0);
  if (!(sampleRate >= 8000 && sampleRate <= 384_000)) {
    throw invalid(`${track} track has an unusable sample rate (${sampleRate} Hz)`);
  }
  const channels = stream.channels ?? 0;
  if (channels < 1 || channels > 8)
    throw invalid(`${track} track has ${channels} channels (1-8 accepted)`);
  const seconds = Number(stream.duration ?? data.format.duration ?? Number.NaN);
  if (!Number.isFinite(seconds)) throw invalid(`${track} track has no readable duration`);
  const durationMs = Math.round(seconds * 1000);
  if (durationMs < limits.minDurationMs)
    throw invalid(`${track} track is too short (${durationMs} ms)`);
  if (durationMs > limits.maxDurationMs) {
    throw new EpilogueError(
      `${track} track lasts ${Math.round(durationMs / 60_000)} min, over the ${Math.round(limits.maxDurationMs / 60_000)} min limit`,
      FailureType.AudioTooLong,
    );
  }
  return { codec, durationMs, sampleRate, channels, format: data.format.format_name ?? 'unknown' };
}
