/**
 * What an access export holds, as files: each kind of data (runs, turn logs, transcripts,
 * responses, analyses) once as JSON, complete, and once as CSV, one row per entry, item or version
 * for a spreadsheet; and the run's audio. Pure: the same data gives the same bytes, so a retried
 * build writes the same ZIP.
 */
import type { ExportCounts } from '../../db/participant-exports';
import type {
  ParticipantAudioRow,
  ParticipantData,
  ParticipantRunRow,
} from '../../db/participant-data';
import { csvTable, type CsvCell } from './csv-table';

export interface ExportDocument {
  path: string;
  content: Buffer;
}

export interface ExportAudioFile {
  path: string;
  blobKey: string;
  sha256: string;
  bytes: number;
}

export interface ExportContents {
  documents: ExportDocument[];
  audio: ExportAudioFile[];
  counts: ExportCounts;
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
const csv = (header: readonly string[], rows: CsvCell[][]) =>
  Buffer.from(csvTable(header, rows), 'utf8');

type Row = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const record = (value: unknown): Row =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Row) : {};

/**
 * The recordings a participant gets: the normalized masters and playback MP3s the pipeline made,
 * or, for a run it never processed, the uploads as they came.
 */
function exportedAudio(audio: ParticipantAudioRow[]): ParticipantAudioRow[] {
  const processed = new Set(
    audio.filter((asset) => asset.kind !== 'source').map((asset) => asset.runId),
  );
  return audio.filter((asset) =>
    processed.has(asset.runId) ? asset.kind !== 'source' : asset.kind === 'source',
  );
}

function runFiles(runs: ParticipantRunRow[]): ExportDocument[] {
  const header = [
    'run_id',
    'status',
    'session_status',
    'consent_status',
    'test_mode',
    'started_at',
    'completed_at',
    'participant_external_id',
    'participant_name',
    'participant_email',
    'participant_phone',
    'participant_metadata',
    'metadata',
    'blueprint_id',
    'blueprint_name',
  ];
  return [
    {
      path: 'runs.json',
      content: json(
        runs.map((run) => ({
          run_id: run.runId,
          status: run.status,
          session_status: run.sessionStatus,
          consent_status: run.consentStatus,
          test_mode: run.testMode,
          started_at: run.startedAt.toISOString(),
          completed_at: run.completedAt.toISOString(),
          participant: run.participant,
          metadata: run.metadata,
          blueprint: run.blueprint,
        })),
      ),
    },
    {
      path: 'runs.csv',
      content: csv(
        header,
        runs.map((run) => [
          run.runId,
          run.status,
          run.sessionStatus,
          run.consentStatus,
          run.testMode,
          run.startedAt,
          run.completedAt,
          text(run.participant['external_id']),
          text(run.participant['name']),
          text(run.participant['email']),
          text(run.participant['phone']),
          run.participant['metadata'] ?? null,
          run.metadata,
          text(run.blueprint['id']),
          text(run.blueprint['name']),
        ]),
      ),
    },
  ];
}

function turnFiles(data: ParticipantData): ExportDocument[] {
  const header = [
    'run_id',
    'seq',
    'role',
    'content',
    'occurred_at',
    'duration_ms',
    'session_id',
    'node_id',
    'question_key',
    'entry_type',
    'confidence',
  ];
  return [
    {
      path: 'turns.json',
      content: json(
        data.turns.map((turn) => ({
          run_id: turn.runId,
          seq: turn.seq,
          role: turn.role,
          content: turn.content,
          occurred_at: turn.occurredAt.toISOString(),
          duration_ms: turn.durationMs,
          session_id: turn.sessionId,
          node_id: turn.nodeId,
          question_key: turn.questionKey,
          entry_type: turn.entryType,
          confidence: turn.confidence,
          words: turn.words,
        })),
      ),
    },
    {
      path: 'turns.csv',
      content: csv(
        header,
        data.turns.map((turn) => [
          turn.runId,
          turn.seq,
          turn.role,
          turn.content,
          turn.occurredAt,
          turn.durationMs,
          turn.sessionId,
          turn.nodeId,
          turn.questionKey,
          turn.entryType,
          turn.confidence,
        ]),
      ),
    },
  ];
}

function transcriptFiles(data: ParticipantData): ExportDocument[] {
  const header = [
    'run_id',
    'entry_id',
    'role',
    'content',
    'timestamp',
    'offset_ms',
    'duration_ms',
    'session_id',
    'node_id',
    'question_key',
    'entry_type',
    'confidence',
    'language',
  ];
  return [
    {
      path: 'transcripts.json',
      content: json(
        data.transcripts.map((transcript) => ({
          run_id: transcript.runId,
          status: transcript.status,
          language: transcript.language,
          word_count: transcript.wordCount,
          duration_s: transcript.durationS,
          entries: transcript.entries,
          corrections: transcript.corrections,
        })),
      ),
    },
    {
      path: 'transcripts.csv',
      content: csv(
        header,
        data.transcripts.flatMap((transcript) =>
          transcript.entries.map((entry) => [
            transcript.runId,
            text(entry['id']),
            text(entry['role']),
            text(entry['content']),
            text(entry['timestamp']),
            entry['offset_ms'] as CsvCell,
            entry['duration_ms'] as CsvCell,
            entry['session_id'] as CsvCell,
            entry['node_id'] as CsvCell,
            entry['question_key'] as CsvCell,
            entry['entry_type'] as CsvCell,
            entry['confidence'] as CsvCell,
            transcript.language,
          ]),
        ),
      ),
    },
  ];
}

function responseFiles(data: ParticipantData): ExportDocument[] {
  const header = [
    'run_id',
    'node_id',
    'question_key',
    'question_text',
    'node_type',
    'required',
    'answered',
    'summary',
    'verbatim',
    'transcript_entry_ids',
    'follow_ups_asked',
    'probing_complete',
  ];
  return [
    {
      path: 'responses.json',
      content: json(
        data.responses.map((responses) => ({
          run_id: responses.runId,
          status: responses.status,
          items: responses.items,
          path_taken: responses.pathTaken,
          completion_rate: responses.completionRate,
          required_unanswered: responses.requiredUnanswered,
          drop_off_node_id: responses.dropOffNodeId,
        })),
      ),
    },
    {
      path: 'responses.csv',
      content: csv(
        header,
        data.responses.flatMap((responses) =>
          responses.items.map((item) => {
            const answer = record(item['answer']);
            const entryIds = answer['transcript_entry_ids'];
            return [
              responses.runId,
              item['node_id'] as CsvCell,
              item['question_key'] as CsvCell,
              item['question_text'] as CsvCell,
              item['node_type'] as CsvCell,
              item['required'] as CsvCell,
              item['answered'] as CsvCell,
              text(answer['summary']),
              text(answer['verbatim']),
              Array.isArray(entryIds) ? entryIds.join(' ') : null,
              item['follow_ups_asked'] as CsvCell,
              item['probing_complete'] as CsvCell,
            ];
          }),
        ),
      ),
    },
  ];
}

function analysisFiles(data: ParticipantData): ExportDocument[] {
  const header = [
    'run_id',
    'version',
    'provider',
    'model',
    'analyzer_version',
    'status',
    'created_at',
    'summary',
    'sentiment',
    'sentiment_score',
    'themes',
    'results',
  ];
  return [
    {
      path: 'analyses.json',
      content: json(
        data.analyses.map((analysis) => ({
          run_id: analysis.runId,
          version: analysis.version,
          provider: analysis.provider,
          model: analysis.model,
          analyzer_version: analysis.analyzerVersion,
          status: analysis.status,
          created_at: analysis.createdAt.toISOString(),
          results: analysis.results,
        })),
      ),
    },
    {
      path: 'analyses.csv',
      content: csv(
        header,
        data.analyses.map((analysis) => {
          const sentiment = record(analysis.results['sentiment']);
          const themes = record(analysis.results['themes'])['items'];
          return [
            analysis.runId,
            analysis.version,
            analysis.provider,
            analysis.model,
            analysis.analyzerVersion,
            analysis.status,
            analysis.createdAt,
            text(record(analysis.results['summary'])['content']),
            text(sentiment['overall']),
            sentiment['score'] as CsvCell,
            Array.isArray(themes)
              ? themes.map((theme) => text(record(theme)['label'])).join('; ')
              : null,
            analysis.results,
          ];
        }),
      ),
    },
  ];
}

export function exportContents(data: ParticipantData): ExportContents {
  const audio = exportedAudio(data.audio).map((asset) => ({
    path: `audio/${asset.runId}/${asset.kind}-${asset.track}.${asset.format}`,
    blobKey: asset.blobKey,
    sha256: asset.sha256,
    bytes: asset.byteSize,
  }));
  return {
    documents: [
      ...runFiles(data.runs),
      ...turnFiles(data),
      ...transcriptFiles(data),
      ...responseFiles(data),
      ...analysisFiles(data),
    ],
    audio,
    counts: {
      runs: data.runs.length,
      turns: data.turns.length,
      transcripts: data.transcripts.length,
      transcript_entries: data.transcripts.reduce((sum, t) => sum + t.entries.length, 0),
      responses: data.responses.reduce((sum, r) => sum + r.items.length, 0),
      analyses: data.analyses.length,
      audio_files: audio.length,
    },
  };
}
