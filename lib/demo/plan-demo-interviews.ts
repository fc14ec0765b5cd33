/**
 * Plans a set of demo interviews from a seed, without any I/O: blueprints, participants, scripts,
 * the estimated timeline, the turn log, the run manifest and the facts a correct pipeline must find.
 * Which run carries which special case is fixed so a demo always shows them:
 * run 0 has a turn-log clock error; run 1 (run 0 when there is only one) has a talk-over and an
 * unanswered question; run 2 is abandoned; run 3 is recorded on one mixed track.
 */
import { PLATFORM_ID_PATTERN } from '../ids';
import { blueprintFor, selectQuestions } from './demo-blueprint';
import type { DemoInterviewPlan } from './demo-interview';
import { planParticipants } from './demo-participants';
import { scriptDemoInterview, type RunMood } from './script-demo-interview';
import { SeededRandom } from './seeded-random';
import { timeDemoInterview } from './time-demo-interview';
import { customerDiscovery } from './templates/customer-discovery';
import { hiringScreen } from './templates/hiring-screen';
import { userResearch } from './templates/user-research';

export interface DemoPlanOptions {
  runs: number;
  seed: number;
  organizationId: string;
  /** Run ids are `<runIdPrefix>_<n>`, n counting from 1. */
  runIdPrefix: string;
  /** When the first run's recording starts; later runs follow at realistic intervals. */
  startedAt: Date;
  /** Caps the questions per interview (at least 3); tests use it to keep synthesis short. */
  maxQuestions?: number;
}

/** Far below the number of distinct participant names, and more than any demo needs. */
export const MAX_DEMO_RUNS = 50;
const MIN_QUESTIONS = 3;
const moods: RunMood[] = ['positive', 'negative', 'mixed'];
const templates = [hiringScreen, customerDiscovery, userResearch];
const minutesBetweenRuns = [20, 90] as const;

function validate(options: DemoPlanOptions): void {
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > MAX_DEMO_RUNS) {
    throw new RangeError(`runs must be an integer from 1 to ${MAX_DEMO_RUNS}`);
  }
  if (!Number.isInteger(options.seed)) throw new RangeError('seed must be an integer');
  if (Number.isNaN(options.startedAt.getTime())) throw new RangeError('startedAt must be a date');
  const { maxQuestions } = options;
  if (
    maxQuestions !== undefined &&
    (!Number.isInteger(maxQuestions) || maxQuestions < MIN_QUESTIONS)
  ) {
    throw new RangeError(`maxQuestions must be an integer of at least ${MIN_QUESTIONS}`);
  }
  if (!PLATFORM_ID_PATTERN.test(options.organizationId)) {
    throw new RangeError('organizationId must be a platform id');
  }
  if (!PLATFORM_ID_PATTERN.test(`${options.runIdPrefix}_${options.runs}`)) {
    throw new RangeError('runIdPrefix must make platform ids');
  }
}

export function planDemoInterviews(options: DemoPlanOptions): DemoInterviewPlan[] {
  validate(options);
  const { runs } = options;
  const root = new SeededRandom(options.seed);
  const templateOrder = root.fork('templates').shuffle(templates);
  const runTemplates = Array.from({ length: runs }, (_, index) => templateOrder[index % 3]!);
  const questionsByTemplate = new Map(
    templateOrder.map((template) => [
      template.id,
      selectQuestions(template, root.fork(`questions:${template.id}`), options.maxQuestions),
    ]),
  );
  const participants = planParticipants(
    root.fork('participants'),
    runTemplates.map((template) => template.participantIdPrefix),
  );
  const moodOffset = root.fork('moods').int(0, moods.length - 1);
  const schedule = root.fork('schedule');
  let startMs = options.startedAt.getTime();
  const featuredRun = Math.min(1, runs - 1);

  return runTemplates.map((template, index) => {
    if (index > 0) startMs += schedule.int(...minutesBetweenRuns) * 60_000;
    const questions = questionsByTemplate.get(template.id)!;
    const script = scriptDemoInterview({
      index,
      runId: `${options.runIdPrefix}_${index + 1}`,
      organizationId: options.organizationId,
      startedAt: new Date(startMs).toISOString(),
      template,
      questions,
      blueprint: blueprintFor(template, questions),
      participant: participants[index]!,
      features: {
        clockDrift: index === 0,
        talkOver: index === featuredRun,
        unanswered: index === featuredRun,
        abandoned: runs >= 3 && index === 2,
        audioLayout: runs >= 4 && index === 3 ? 'mixed' : 'two_track',
      },
      mood: moods[(index + moodOffset) % moods.length]!,
      random: root.fork(`run:${index}`),
    });
    const estimatedDurations = script.utterances.map((utterance) => utterance.estimatedDurationMs);
    return { ...script, ...timeDemoInterview(script, estimatedDurations) };
  });
}
