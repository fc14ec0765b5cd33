/**
 * The transcript as the model reads it, cut into parts that fit a token budget. Each entry is
 * one JSON line (`{"id","role","question_key","text"}`): JSON escaping keeps entry boundaries
 * unambiguous whatever was said, and the id is what quotes cite. Entries are never split, since
 * quotes must be verbatim spans of one entry; an entry larger than the budget travels alone.
 */
import type { TranscriptEntry } from '../../domain/transcript';

/**
 * A conservative token estimate without a network round trip: about three UTF-8 bytes per token
 * (English runs nearer four, CJK text about three), so parts come out a little small, never big.
 */
export const estimateTokens = (text: string): number => Math.ceil(Buffer.byteLength(text) / 3);

export const entryLine = (entry: TranscriptEntry): string =>
  JSON.stringify({
    id: entry.id,
    role: entry.role,
    question_key: entry.question_key,
    text: entry.content,
  });

/** Consecutive entries, in order, each part's lines within `maxTokens` where possible. */
export function chunkTranscript(
  entries: readonly TranscriptEntry[],
  maxTokens: number,
): TranscriptEntry[][] {
  const chunks: TranscriptEntry[][] = [[]];
  let used = 0;
  for (const entry of entries) {
    const tokens = estimateTokens(entryLine(entry)) + 1;
    if (used + tokens > maxTokens && chunks.at(-1)!.length > 0) {
      chunks.push([]);
      used = 0;
    }
    chunks.at(-1)!.push(entry);
    used += tokens;
  }
  return chunks;
}
