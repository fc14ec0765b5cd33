/**
 * A session's sense of time, for a workflow that may not read a clock. Time is what the history
 * says: the run's start, the times the platform puts on its events, and the deadlines of timers
 * that fired. It never goes back (a late or reordered event does not undo a later one) and an
 * event never moves it past a timer still pending: that timer has not fired, so its deadline has
 * not come, whatever a platform clock running ahead claims. Skew between the platform and
 * Temporal therefore shifts a deadline by at most the skew, and cannot end a session early.
 */
export class SessionClock {
  private ceilingMs: number | undefined;

  constructor(private nowMs: number) {}

  get now(): number {
    return this.nowMs;
  }

  /** The time of a platform event, bounded by what is known; returns the session's time after it. */
  observe(atMs: number): number {
    const bounded = this.ceilingMs === undefined ? atMs : Math.min(atMs, this.ceilingMs);
    this.nowMs = Math.max(this.nowMs, bounded);
    return this.nowMs;
  }

  /** A timer is pending until `deadlineMs`: no event can be later than that. */
  arm(deadlineMs: number): void {
    this.ceilingMs = Math.max(deadlineMs, this.nowMs);
  }

  /** The pending timer fired, so its deadline has come. */
  fired(deadlineMs: number): void {
    this.nowMs = Math.max(this.nowMs, deadlineMs);
    this.ceilingMs = undefined;
  }

  /** The pending timer was cancelled by an event before its deadline. */
  disarm(): void {
    this.ceilingMs = undefined;
  }
}
