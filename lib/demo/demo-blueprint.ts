/**
 * The blueprint a demo interview runs on: 5 to 8 of a template's questions in a straight line.
 * Every run of a template in one plan shares its blueprint, as real interviews of one study do.
 */
import type { RunManifestInput } from '../domain/run';
import type { InterviewTemplate, TemplateQuestion } from './interview-template';
import type { SeededRandom } from './seeded-random';

export interface BlueprintQuestion {
  nodeId: string;
  question: TemplateQuestion;
}

/** Roughly what one question takes with its answer and follow-ups, for the intro and settings. */
const minutesPerQuestion = 0.5;

/**
 * Keeps the template's first and last question and a random, ordered part of the middle;
 * `maxQuestions` cuts the interview short (tests use it to keep synthesis fast).
 */
export function selectQuestions(
  template: InterviewTemplate,
  random: SeededRandom,
  maxQuestions = 8,
): BlueprintQuestion[] {
  const middle = template.questions.slice(1, -1);
  const keptMiddle = random
    .shuffle(middle.map((_, index) => index))
    .slice(0, random.int(5, 8) - 2)
    .sort((a, b) => a - b)
    .map((index) => middle[index]!);
  return [template.questions[0]!, ...keptMiddle, template.questions.at(-1)!]
    .slice(0, maxQuestions)
    .map((question, index) => ({ nodeId: `n${index + 1}`, question }));
}

export function estimatedMinutes(questions: readonly BlueprintQuestion[]): number {
  return Math.max(1, Math.round(questions.length * minutesPerQuestion));
}

export function blueprintFor(
  template: InterviewTemplate,
  questions: readonly BlueprintQuestion[],
): RunManifestInput['blueprint'] {
  return {
    id: template.blueprintId,
    version: template.blueprintVersion,
    name: template.name,
    interview_type: template.interviewType,
    graph: {
      entry_node: questions[0]!.nodeId,
      nodes: Object.fromEntries(
        questions.map(({ nodeId, question }) => [
          nodeId,
          {
            type: 'question' as const,
            key: question.key,
            text: question.text,
            objective: question.objective,
            required: question.required,
            probing: {
              enabled: question.followUps.length > 0,
              max_follow_ups: question.followUps.length,
              techniques: question.followUps.length > 0 ? ['ask_for_example', 'ask_why'] : [],
              ...(question.completionHint ? { completion_hint: question.completionHint } : {}),
            },
          },
        ]),
      ),
      edges: questions.slice(1).map(({ nodeId }, index) => ({
        from: questions[index]!.nodeId,
        to: nodeId,
      })),
    },
    settings: {
      language: 'en',
      estimated_duration_m: estimatedMinutes(questions),
      max_duration_m: 30,
    },
  };
}
