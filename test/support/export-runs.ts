/**
 * Runs for the access export tests: a participant who answers with text that CSV writers get
 * wrong (commas, quotes, line breaks, accents, CJK, emoji) and with answers that a spreadsheet
 * would run as formulas.
 */
import path from 'node:path';
import { writeBundle, writeTone, type BundleFixture } from './bundle-fixture';

export const awkwardAnswers = {
  prose: 'I lead the team, "mostly" compilers;\nsecond line: naïve café, 漢字 and 🙂.',
  formula: '=HYPERLINK("http://example.com","click")',
  plus: '+15 percent faster',
  minus: '-5 bugs a week',
  at: '@SUM(A1:A2)',
} as const;

/** A completed two-track run of the participant `externalId`, every text in it carrying `marker`. */
export function writeExportBundle(options: {
  organizationId: string;
  externalId: string;
  name: string;
  marker: string;
}): Promise<BundleFixture> {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 27, 10, 0, seconds)).toISOString();
  return writeBundle({
    organizationId: options.organizationId,
    edit: async (fixture) => {
      fixture.manifest.participant = {
        external_id: options.externalId,
        name: options.name,
        email: 'ada@example.com',
        metadata: { note: options.marker },
      };
      fixture.manifest.metadata = { marker: options.marker };
      fixture.turns = [
        {
          role: 'agent',
          content: 'What is your role?',
          timestamp: at(1),
          duration_ms: 1500,
          node_id: 'n1',
          question_key: 'role',
        },
        {
          role: 'participant',
          content: `${awkwardAnswers.prose} ${options.marker}`,
          timestamp: at(3),
          duration_ms: 1800,
          node_id: 'n1',
        },
        {
          role: 'agent',
          content: 'Which tools do you use?',
          timestamp: at(6),
          duration_ms: 1500,
          node_id: 'n2',
          question_key: 'tools',
        },
        ...[
          awkwardAnswers.formula,
          awkwardAnswers.plus,
          awkwardAnswers.minus,
          awkwardAnswers.at,
        ].map((content, index) => ({
          role: 'participant' as const,
          content,
          timestamp: at(8 + index * 2),
          duration_ms: 1200,
          node_id: 'n2',
        })),
      ];
      await writeTone(path.join(fixture.dir, 'agent.wav'), 16, 300);
      await writeTone(path.join(fixture.dir, 'participant.wav'), 16, 500);
    },
  });
}
