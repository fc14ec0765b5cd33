/**
 * Reads the integrated loudness from the summary ffmpeg's `ebur128` filter prints when it ends.
 * ebur128 reports −70 LUFS when everything is below its absolute gate: silence.
 */

export const SILENCE_LUFS = -70;

export function ebur128Filter(): string {
  // framelog=verbose keeps the per-frame lines (10 a second) out of the default log level.
  return 'ebur128=framelog=verbose';
}

/** Collects stderr lines and returns the integrated loudness of the last summary block. */
export class LoudnessReader {
  private inSummary = false;
  private integrated: number | undefined;

  readonly onLine = (line: string): void => {
    if (line.includes('Summary:')) this.inSummary = true;
    if (!this.inSummary) return;
    const match = /^\s*I:\s+(-?[\d.]+|-inf) LUFS/.exec(line);
    if (match) this.integrated = match[1] === '-inf' ? SILENCE_LUFS : Number(match[1]);
  };

  result(): number {
    if (this.integrated === undefined) throw new Error('ffmpeg printed no ebur128 summary');
    return this.integrated;
  }
}
