/**
 * Runs for retention and redaction tests: a bundle in which the participant says their name, email
 * and phone number (with word timings for some of it, as speech recognition gives them), every
 * stored text of a run as one string to search, and the traces of the participant's identity.
 */
import path from 'node:path';
import type { Queryable } from '../../db/queryable';
import { writeBundle, writeTone, type BundleFixture, type FixtureTurn } from './bundle-fixture';

export const participant = {
  external_id: 'p_grace',
  name: 'Grace Hopper',
  email: 'grace.hopper@example.com',
  phone: '+1 415 555 0199',
  metadata: { source: 'panel', ip_address: '203.0.113.7' },
};

/** Word timings for a text said evenly over `durationMs`, relative to the turn's start. */
export function evenWords(text: string, durationMs: number) {
  const words = text.split(' ');
  const each = durationMs / words.length;
  return words.map((word, index) => ({
    word,
    start_ms: Math.round(index * each),
    end_ms: Math.round(index * each + each * 0.8),
  }));
}

const introduction =
  'Sure, my name is Grace Hopper and my email is grace dot hopper at example dot com.';

/** Turns at known times (ms after the run's start) in a 12-second recording. */
export function piiTurns(startedAt: Date): FixtureTurn[] {
  const at = (ms: number) => new Date(startedAt.getTime() + ms).toISOString();
  return [
    {
      role: 'agent',
      content: 'What is your role, and how can we reach you?',
      timestamp: at(500),
      duration_ms: 1500,
      node_id: 'n1',
      question_key: 'role',
    },
    {
      role: 'participant',
      content: introduction,
      timestamp: at(2500),
      duration_ms: 4000,
      node_id: 'n1',
      words: evenWords(introduction, 4000),
    },
    {
      role: 'agent',
      content: 'Thanks Grace. Which tools do you use?',
      timestamp: at(7000),
      duration_ms: 1500,
      node_id: 'n2',
      question_key: 'tools',
    },
    {
      role: 'participant',
      content: 'Mostly COBOL. Call me at four one five, five five five, zero one nine nine.',
      timestamp: at(9000),
      duration_ms: 2800,
      node_id: 'n2',
    },
  ];
}

/** A completed two-track run of Grace Hopper's that ended at `completedAt`. */
export async function writePiiBundle(options: {
  organizationId: string;
  completedAt: Date;
  runId?: string;
}): Promise<BundleFixture> {
  const startedAt = new Date(options.completedAt.getTime() - 12_000);
  return writeBundle({
    organizationId: options.organizationId,
    ...(options.runId ? { runId: options.runId } : {}),
    edit: async (fixture) => {
      fixture.manifest.participant = { ...participant, external_id: `p_${fixture.runId}` };
      fixture.manifest.started_at = startedAt.toISOString();
      fixture.manifest.completed_at = options.completedAt.toISOString();
      fixture.turns = piiTurns(startedAt);
      // Each track sounds all along, so a redacted span shows as a gap in a steady tone.
      await writeTone(path.join(fixture.dir, 'agent.wav'), 12, 300);
      await writeTone(path.join(fixture.dir, 'participant.wav'), 12, 500);
    },
  });
}

/** Every row of the run in every table (and the organization's audit log), as JSON text. */
export async function storedRunText(
  db: Queryable,
  organizationId: string,
  runId: string,
): Promise<string> {
  const { rows: tables } = await db.query<{ table: string }>(
    `select table_name as table from information_schema.columns
     where table_schema = 'public' and column_name = 'run_id'
     order by table_name`,
  );
  const parts: string[] = [];
  for (const { table } of tables) {
    const { rows } = await db.query<{ row: string }>(
      `select row_to_json(t)::text as row from ${JSON.stringify(table)} t where run_id = $1::text`,
      [runId],
    );
    parts.push(...rows.map((row) => row.row));
  }
  const runs = await db.query<{ row: string }>(
    `select row_to_json(r)::text as row from runs r where id = $1::text`,
    [runId],
  );
  const audit = await db.query<{ row: string }>(
    `select row_to_json(a)::text as row from audit_log a where organization_id = $1::text`,
    [organizationId],
  );
  return [...runs.rows, ...audit.rows]
    .map((row) => row.row)
    .concat(parts)
    .join('\n');
}

const digitWords = [
  '(?:zero|oh|o)',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
];
const word = (value: string) => new RegExp(`(?<![\\p{L}\\p{N}])${value}(?![\\p{L}\\p{N}])`, 'iu');

/**
 * Which of a participant's values appear in the text, in the forms people write or say them: each
 * part of the name, the email and its local part, the phone's national digits however grouped, and
 * its last seven digits spoken.
 */
export function identityTraces(
  text: string,
  who: { name: string; email: string; phone: string } = participant,
): string[] {
  const national = who.phone.replace(/^\+1/, '').replace(/\D/g, '');
  const traces: [string, RegExp][] = [
    ...who.name.split(/\s+/).map((part): [string, RegExp] => [`name part ${part}`, word(part)]),
    ['email', new RegExp(who.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')],
    ['email local part', word(who.email.split('@')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))],
    ['phone', new RegExp(national.split('').join('\\D{0,3}'))],
    [
      'spoken phone',
      new RegExp(
        national
          .slice(-7)
          .split('')
          .map((digit) => digitWords[Number(digit)])
          .join('[\\s,-]+'),
        'i',
      ),
    ],
  ];
  return traces.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}
