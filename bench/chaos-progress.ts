/**
 * The chaos run's progress on stderr (stdout is only for the summary): one status line rewritten
 * in place on a terminal, with faults and finished pipelines kept above it; elsewhere, one line per
 * event. Lines hold run ids, stages and counts, never participant data.
 */
export interface ProgressLine {
  /** The current state (pipelines done, faults so far); shown in place on a terminal. */
  status(text: string): void;
  /** Something that happened, kept in the scrollback. */
  event(text: string): void;
  /** Leaves the terminal's line empty for what follows. */
  end(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  const start = Date.now();
  const stamp = () => `[${((Date.now() - start) / 1000).toFixed(0).padStart(4)} s]`;
  let current = '';
  const fit = (text: string) =>
    stream.columns && text.length >= stream.columns ? text.slice(0, stream.columns - 1) : text;
  const redraw = () => stream.isTTY && stream.write(`\r\x1b[K${fit(`${stamp()} ${current}`)}`);
  return {
    status(text) {
      current = text;
      redraw();
    },
    event(text) {
      if (stream.isTTY) stream.write('\r\x1b[K');
      stream.write(`${stamp()} ${text}\n`);
      redraw();
    },
    end() {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}
