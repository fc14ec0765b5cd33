/**
 * Keeps the analysis grounded in what was said. A quote or a piece of theme evidence stays only
 * if it is a verbatim span of the participant entry it cites (compared after Unicode NFC and
 * whitespace normalization, nothing looser); the rest is removed and counted. A theme left with
 * no evidence goes too. Quotes take their question from the entry, and scorecard rows keep only
 * entry ids that exist. Both providers go through this, so the rule is the same for each.
 */
import { questionKeysByEntry } from './answers';
import type { AnalysisInput } from './input';
import type { ModelAnalysis } from './schema';

export const normalizeForMatch = (text: string): string =>
  text.normalize('NFC').replace(/\s+/g, ' ').trim();

export interface GroundedAnalysis {
  analysis: ModelAnalysis;
  droppedQuotes: number;
}

export function verifyGrounding(analysis: ModelAnalysis, input: AnalysisInput): GroundedAnalysis {
  const participantText = new Map(
    input.transcript.entries
      .filter((entry) => entry.role === 'participant')
      .map((entry) => [entry.id, normalizeForMatch(entry.content)]),
  );
  const entryIds = new Set(input.transcript.entries.map((entry) => entry.id));
  const questionKeys = questionKeysByEntry(input);
  const isVerbatim = (entryId: string, quote: string) => {
    const needle = normalizeForMatch(quote);
    return needle !== '' && (participantText.get(entryId)?.includes(needle) ?? false);
  };

  let droppedQuotes = 0;
  const quotes = analysis.quotes.filter((quote) => {
    const kept = isVerbatim(quote.entry_id, quote.text);
    if (!kept) droppedQuotes += 1;
    return kept;
  });
  const themes = analysis.themes.items.flatMap((theme) => {
    const evidence = theme.evidence.filter((item) => isVerbatim(item.entry_id, item.quote));
    const dropped = theme.evidence.length - evidence.length;
    droppedQuotes += dropped;
    if (evidence.length === 0) return [];
    return [
      {
        ...theme,
        evidence,
        evidence_count: Math.max(evidence.length, theme.evidence_count - dropped),
      },
    ];
  });
  const specific = analysis.specific && {
    ...analysis.specific,
    scorecard: analysis.specific.scorecard.map((row) => ({
      ...row,
      evidence_entry_ids: row.evidence_entry_ids.filter((id) => entryIds.has(id)),
    })),
  };

  return {
    analysis: {
      ...analysis,
      quotes: quotes.map((quote) => ({
        ...quote,
        question_key: questionKeys.get(quote.entry_id) ?? null,
      })),
      themes: { items: themes },
      specific,
    },
    droppedQuotes,
  };
}
