/**
 * Plans the redaction of every stored text of a run, without I/O: what to write back, how many
 * texts changed, and where in the recording the personal data was spoken. The transcript's
 * entries give the times (aligned to the audio); a run whose transcript is gone falls back to the
 * turn log's own times.
 */
import type { RunTextChanges, RunTexts, RunTextTurn, StoredWordTiming } from '../../db/redaction';
import { audioSpans, type TimedText, type TimeSpan } from './audio-spans';
import { redactJson } from './redact-json';
import { isRedactionToken } from './redaction-token';
import type { TextRedactor } from './text-redactor';
import { locateWords } from './word-positions';

export interface RunTextRedaction {
  changes: RunTextChanges;
  /** Texts (or JSON strings) that changed, per place; counts only. */
  counts: Record<string, number>;
  /** When the personal data was spoken, merged and padded. */
  spokenSpans: TimeSpan[];
  /** False when neither a transcript nor a turn log remains to locate speech in. */
  located: boolean;
}

const entrySeq = (id: unknown): number | undefined => {
  const match = typeof id === 'string' ? /-e(\d+)$/.exec(id) : null;
  return match ? Number(match[1]) : undefined;
};

/** The turn's words, each within a redacted span replaced by the span's token. */
function redactWords(turn: RunTextTurn, redactor: TextRedactor): StoredWordTiming[] | null {
  if (!turn.words) return null;
  const { entities } = redactor.redact(turn.content);
  const located = new Map(locateWords(turn.content, turn.words).map((word) => [word.index, word]));
  return turn.words.map((timing, index) => {
    const position = located.get(index);
    const entity = position
      ? entities.find((span) => span.start < position.end && position.start < span.end)
      : undefined;
    const word = entity
      ? redactor.token(entity.type, turn.content.slice(entity.start, entity.end))
      : redactor.redact(timing.word).redacted;
    return word === timing.word ? timing : { ...timing, word };
  });
}

function redactParticipant(
  participant: Record<string, unknown>,
  redactor: TextRedactor,
): { value: Record<string, unknown>; changed: number } {
  const fields = { name: 'PERSON_NAME', email: 'EMAIL', phone: 'PHONE_NUMBER' } as const;
  let changed = 0;
  const value: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(participant)) {
    if (key === 'external_id') {
      // The platform's own id of the person: kept so that erasure and export can find the run.
      value[key] = item;
    } else if (key in fields && typeof item === 'string' && item !== '') {
      const token = isRedactionToken(item)
        ? item
        : redactor.token(fields[key as keyof typeof fields], item);
      if (token !== item) changed += 1;
      value[key] = token;
    } else {
      const redacted = redactJson(item, redactor, { everyString: true });
      changed += redacted.changed;
      value[key] = redacted.value;
    }
  }
  return { value, changed };
}

export function redactRunTexts(texts: RunTexts, redactor: TextRedactor): RunTextRedaction {
  const participant = redactParticipant(texts.participant, redactor);
  const metadata = redactJson(texts.metadata, redactor, { everyString: true });

  const turns = texts.turns.flatMap((turn) => {
    const content = redactor.redact(turn.content).redacted;
    const words = redactWords(turn, redactor);
    const wordsChanged = words?.some((word, index) => word !== turn.words![index]) ?? false;
    return content === turn.content && !wordsChanged ? [] : [{ seq: turn.seq, content, words }];
  });

  const entries = texts.transcriptEntries?.map((entry) => {
    const content = typeof entry['content'] === 'string' ? entry['content'] : '';
    const redacted = redactor.redact(content).redacted;
    return redacted === content ? entry : { ...entry, content: redacted };
  });
  const entriesChanged =
    entries?.filter((entry, index) => entry !== texts.transcriptEntries![index]).length ?? 0;

  const responses = texts.responseItems ? redactJson(texts.responseItems, redactor) : undefined;
  const analyses = texts.analyses.map((analysis) => ({
    id: analysis.id,
    ...redactJson(analysis.results, redactor),
  }));

  const wordsBySeq = new Map(texts.turns.map((turn) => [turn.seq, turn.words]));
  const timed: TimedText[] = texts.transcriptEntries
    ? texts.transcriptEntries.map((entry) => ({
        content: typeof entry['content'] === 'string' ? entry['content'] : '',
        offsetMs: Number(entry['offset_ms'] ?? 0),
        durationMs: Number(entry['duration_ms'] ?? 0),
        words: wordsBySeq.get(entrySeq(entry['id']) ?? -1) ?? null,
      }))
    : texts.turns.map((turn) => ({
        content: turn.content,
        offsetMs: turn.offsetMs,
        durationMs: turn.durationMs,
        words: turn.words,
      }));

  return {
    changes: {
      ...(participant.changed > 0 ? { participant: participant.value } : {}),
      ...(metadata.changed > 0 ? { metadata: metadata.value } : {}),
      turns,
      ...(entriesChanged > 0 ? { transcriptEntries: entries } : {}),
      ...(responses && responses.changed > 0 ? { responseItems: responses.value } : {}),
      analyses: analyses
        .filter((analysis) => analysis.changed > 0)
        .map((analysis) => ({ id: analysis.id, results: analysis.value })),
    },
    counts: {
      participant_fields: participant.changed,
      metadata_fields: metadata.changed,
      turns: turns.length,
      transcript_entries: entriesChanged,
      response_fields: responses?.changed ?? 0,
      analysis_fields: analyses.reduce((sum, analysis) => sum + analysis.changed, 0),
    },
    spokenSpans: audioSpans(
      timed.map((text) => ({ text, entities: redactor.redact(text.content).entities })),
    ),
    located: texts.transcriptEntries !== null || texts.turns.length > 0,
  };
}
