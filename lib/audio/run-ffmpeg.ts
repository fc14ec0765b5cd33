/**
 * Runs one ffmpeg command built with fluent-ffmpeg. Progress comes from ffmpeg's own `time=` stats
 * on stderr (no extra ffprobe), every stderr line is offered to a parser (ebur128, silencedetect),
 * an AbortSignal kills ffmpeg, and a stall watchdog kills an ffmpeg that stopped making progress so
 * that a stuck process surfaces as a retryable failure instead of hanging an activity.
 */
import ffmpeg from 'fluent-ffmpeg';

export interface FfmpegRunOptions {
  /** Seconds of media the command processes, to turn `time=` into a fraction. */
  durationS?: number;
  onProgress?: (fraction: number) => void;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** Kill ffmpeg if it reports no progress for this long. */
  stallTimeoutMs?: number;
}

export type FfmpegBuild = (command: ffmpeg.FfmpegCommand) => ffmpeg.FfmpegCommand;

const DEFAULT_STALL_TIMEOUT_MS = 60_000;

function parseTimemark(line: string): number | undefined {
  const match = /time=\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(line);
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Resolves when ffmpeg exits 0; rejects with the last stderr lines otherwise. */
export function runFfmpeg(build: FfmpegBuild, options: FfmpegRunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(
        options.signal.reason instanceof Error ? options.signal.reason : new Error('cancelled'),
      );
      return;
    }
    const command = build(ffmpeg({ stdoutLines: 20 }))
      .addOption('-hide_banner')
      .addOption('-nostdin');
    const recent: string[] = [];
    let lastProgressAt = Date.now();
    let settled = false;
    const stallTimeoutMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;

    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      command.kill('SIGKILL');
      finish(
        options.signal?.reason instanceof Error ? options.signal.reason : new Error('cancelled'),
      );
    };
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastProgressAt > stallTimeoutMs) {
          command.kill('SIGKILL');
          finish(new Error(`ffmpeg made no progress for ${Math.round(stallTimeoutMs / 1000)} s`));
        }
      },
      Math.min(5_000, stallTimeoutMs),
    );

    options.signal?.addEventListener('abort', onAbort, { once: true });
    command
      .on('stderr', (line: string) => {
        lastProgressAt = Date.now();
        const seconds = parseTimemark(line);
        if (seconds !== undefined && options.durationS) {
          options.onProgress?.(Math.min(1, seconds / options.durationS));
        } else {
          recent.push(line);
          if (recent.length > 8) recent.shift();
          options.onStderrLine?.(line);
        }
      })
      .on('error', (error: Error) => {
        const detail = recent
          .filter((line) => line.trim() !== '')
          .slice(-3)
          .join(' | ');
        finish(
          new Error(
            `ffmpeg failed: ${error.message.split('\n')[0]}${detail ? ` (${detail})` : ''}`,
          ),
        );
      })
      .on('end', () => finish())
      .run();
  });
}
