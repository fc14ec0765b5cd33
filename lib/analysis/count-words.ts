/**
 * Words as the transcript counts them (a whitespace-separated run with a letter or digit), so
 * that the analysis' word counts add up with the transcript's `word_count`.
 */
export const countWords = (text: string): number =>
  text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
