/** A list of words written as one whitespace-separated string, which reads better than an array. */
export const wordList = (words: string): string[] => words.trim().split(/\s+/);
