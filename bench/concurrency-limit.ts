/** Runs at most `slots` tasks at once, like a worker's media concurrency. */
export function concurrencyLimit(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < slots) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * Runs `work` for every item, `slots` at a time, as that many clients would; `onDone` counts the
 * items finished (for a progress bar).
 */
export async function forEachLimited<T>(
  items: readonly T[],
  slots: number,
  work: (item: T) => Promise<void>,
  onDone: (done: number) => void = () => {},
): Promise<void> {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(slots, items.length) }, async () => {
      while (next < items.length) {
        await work(items[next++]!);
        onDone(++done);
      }
    }),
  );
}
