/**
 * Reads the integrated loudness from the summary ffmpeg's `ebur128` filter prints when it ends
 * (−70 LUFS when everything is below its absolute gate: silence), and the noise floor `astats`
 * prints, which voice activity detection needs to tell speech from background noise.
 */

export const SILENCE_LUFS = -70;

export function ebur128Filter(): string {
  // framelog=verbose keeps the per-frame lines (10 a second) out of the default log level.
  return 'ebur128=framelog=verbose';
}

/** Both measurements in one pass: astats and ebur128 pass the audio through unchanged. */
export function levelsFilter(): string {
  return `astats=measure_perchannel=none:measure_overall=Noise_floor,${ebur128Filter()}`;
}

/** Collects stderr lines and returns the integrated loudness of the last summary block. */
export class LoudnessReader {
  private inSummary = false;
  private integrated: number | undefined;
  private floor: number | null = null;

  readonly onLine = (line: string): void => {
    const floor = /Noise floor dB:\s+(-?[\d.]+|-inf)/.exec(line);
    if (floor) this.floor = floor[1] === '-inf' ? null : Number(floor[1]);
    if (line.includes('Summary:')) this.inSummary = true;
    if (!this.inSummary) return;
    const match = /^\s*I:\s+(-?[\d.]+|-inf) LUFS/.exec(line);
    if (match) this.integrated = match[1] === '-inf' ? SILENCE_LUFS : Number(match[1]);
  };

  result(): number {
    if (this.integrated === undefined) throw new Error('ffmpeg printed no ebur128 summary');
    return this.integrated;
  }

  /** The noise floor in dBFS, or null when there was digital silence (or no astats). */
  noiseFloor(): number | null {
    return this.floor;
  }
}
