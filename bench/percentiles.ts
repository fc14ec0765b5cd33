/** The median and 99th percentile of a sample (nearest rank), rounded to `decimals`. */
export interface Percentiles {
  p50: number;
  p99: number;
}

export function percentiles(values: number[], decimals = 0): Percentiles {
  if (values.length === 0) throw new Error('percentiles of an empty sample');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  const scale = 10 ** decimals;
  return {
    p50: Math.round(at(0.5) * scale) / scale,
    p99: Math.round(at(0.99) * scale) / scale,
  };
}
