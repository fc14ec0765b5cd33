/**
 * Progress of a benchmark on stderr (stdout is for the result). Each benchmark reports steps
 * ("running the pipeline", 1 unit; "starting 10,000 timers", 10,000 units) and how far a step
 * got; `npm run bench` draws them as one cli-progress bar, a script run on its own as lines.
 */
import cliProgress from 'cli-progress';

export interface BenchProgress {
  /** A step of `total` units begins. */
  step(label: string, total: number): void;
  /** Units of the current step done so far. */
  update(done: number): void;
}

/** One line per step: what the standalone scripts print. */
export function lineProgress(stream: NodeJS.WritableStream = process.stderr): BenchProgress {
  return {
    step: (label) => stream.write(`${label}...\n`),
    update: () => {},
  };
}

export interface ProgressBar extends BenchProgress {
  /** Names the benchmark whose steps follow. */
  benchmark(name: string): void;
  /** Ends the bar (a step starts it again) and leaves a line, e.g. a benchmark's figures. */
  note(text: string): void;
  stop(): void;
}

/**
 * A bar redrawn in place on a terminal; elsewhere (a log file, CI) one line every 10 s, so that a
 * long run still shows it is alive.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const bar = new cliProgress.SingleBar(
    {
      format: '{benchmark} {bar} {value}/{total} {label} | {duration_formatted}',
      stream,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
      barsize: 24,
    },
    cliProgress.Presets.shades_classic,
  );
  let benchmark = '';
  let running = false;
  return {
    benchmark(name) {
      benchmark = name.padEnd(10);
    },
    step(label, total) {
      const payload = { benchmark, label };
      if (!running) bar.start(total, 0, payload);
      else {
        bar.setTotal(total);
        bar.update(0, payload);
      }
      running = true;
    },
    update(done) {
      bar.update(done);
    },
    note(text) {
      this.stop();
      stream.write(`${text}\n`);
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
