/**
 * Writes the script of one demo interview: the agent's intro, each question with the participant's
 * answer and follow-ups, short acknowledgements, the outro, and the silences between turns. The
 * participant says their name, email and phone number aloud along the way. Special features
 * (talk-over, unanswered question, drop-off, turn-log clock error) are switched on per run.
 */
import { estimatedMinutes, type BlueprintQuestion } from './demo-blueprint';
import type {
  DemoAudioLayout,
  DemoInterviewScript,
  EntryType,
  ScriptedUtterance,
} from './demo-interview';
import type { DemoParticipant } from './demo-participants';
import { interviewerVoice } from './demo-voices';
import type { InterviewTemplate, Sentiment } from './interview-template';
import type { SeededRandom } from './seeded-random';
import { spokenEmail, spokenPhone } from './spoken-form';
import type { RunManifestInput } from '../domain/run';
import type { Role } from '../domain/turn';

export interface DemoRunFeatures {
  clockDrift: boolean;
  talkOver: boolean;
  unanswered: boolean;
  abandoned: boolean;
  audioLayout: DemoAudioLayout;
}

/** Sets how a participant's answers lean; across a set of runs the moods rotate. */
export type RunMood = 'positive' | 'negative' | 'mixed';

export interface DemoScriptInput {
  index: number;
  runId: string;
  organizationId: string;
  startedAt: string;
  template: InterviewTemplate;
  questions: BlueprintQuestion[];
  blueprint: RunManifestInput['blueprint'];
  participant: DemoParticipant;
  features: DemoRunFeatures;
  mood: RunMood;
  random: SeededRandom;
}

type Range = readonly [min: number, max: number];

/** Silences in ms; ordinary pauses stay within 0.4-2.5 s, as in a natural conversation. */
const pauses = {
  leadIn: [800, 1500],
  answerLatency: [600, 2500],
  followUpLatency: [500, 1800],
  agentTurnTaking: [400, 1200],
  afterAcknowledgement: [400, 700],
  unansweredSilence: [3800, 4300],
  /** How long before the agent's last word the participant starts talking. */
  talkOverLead: [500, 800],
  /** How much earlier than the speech the faulty turn-log timestamp is. */
  clockError: [2400, 2600],
  tail: [200, 400],
} as const satisfies Record<string, Range>;

const sentimentWeights: Record<RunMood, Record<Sentiment, number>> = {
  positive: { positive: 0.65, neutral: 0.25, negative: 0.1 },
  negative: { positive: 0.1, neutral: 0.25, negative: 0.65 },
  mixed: { positive: 0.34, neutral: 0.33, negative: 0.33 },
};

const answerOpeners = ['', '', 'Sure.', 'Good question.', 'Hmm, let me think.', 'Okay.'];
const introReplies = [
  (name: string) => `Hi, I'm ${name}. Happy to be here.`,
  (name: string) => `Hello, my name is ${name}. Thanks for having me.`,
  (name: string) => `Sure, I'm ${name}.`,
];
const emailAsides = [
  (email: string) => `If you want to send me anything afterwards, my email is ${email}.`,
  (email: string) => `By the way, the best email for me is ${email}.`,
];
const phoneAsides = [
  (phone: string) => `And if it is easier to call, you can reach me at ${phone}.`,
  (phone: string) => `My phone number is ${phone}, in case you need it.`,
];
const acknowledgements = [
  'Thanks, that is helpful.',
  'Got it, thank you.',
  'That makes sense.',
  'Okay, thanks for sharing that.',
  'Interesting, thank you.',
];
const skipLines = [
  "That's alright, we can skip that one. Let's move on.",
  "No problem, let's move on to the next question.",
];
const farewells = ['Thanks, bye!', 'Thank you, have a good day.', 'Thanks, you too. Bye.'];

/** People speed up and slow down a little from one utterance to the next; the interviewer does not. */
const participantSpeedJitterWpm = 8;
const acknowledgementChance = 0.4;

function between(random: SeededRandom, [min, max]: Range): number {
  return random.int(min, max);
}

function pickSentiment(random: SeededRandom, mood: RunMood): Sentiment {
  const weights = sentimentWeights[mood];
  let roll = random.next();
  for (const sentiment of ['positive', 'neutral', 'negative'] as const) {
    roll -= weights[sentiment];
    if (roll < 0) return sentiment;
  }
  return 'neutral';
}

/**
 * What espeak-ng will take to say `text`, within about 0.4 s: fitted on its output, it speaks
 * ordinary words about a third faster than its words-per-minute setting and pauses about half a
 * second at each punctuation mark.
 */
function estimateSpeechMs(text: string, speedWpm: number): number {
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  const punctuation = (text.match(/[,.;:!?]/g) ?? []).length;
  return Math.round((0.67 * words * 60_000) / speedWpm + punctuation * 500);
}

/** Stops `text` partway through, mid-sentence, as a participant who drops off would. */
function cutShort(text: string, random: SeededRandom): string {
  const words = text.split(/\s+/);
  const kept = Math.max(3, Math.round(words.length * (0.35 + random.next() * 0.25)));
  return words
    .slice(0, kept)
    .join(' ')
    .replace(/[,.;:!?]+$/, '');
}

/** Picks the question for a feature among `candidates`, skipping those another feature took. */
function pickIndex(
  random: SeededRandom,
  candidates: number[],
  taken: (number | null)[],
  prefer?: (index: number) => boolean,
): number {
  const free = candidates.filter((index) => !taken.includes(index));
  const preferred = prefer ? free.filter(prefer) : [];
  if (free.length === 0) throw new Error('demo interview has too few questions for its features');
  return random.pick(preferred.length > 0 ? preferred : free);
}

export function scriptDemoInterview(input: DemoScriptInput): DemoInterviewScript {
  const { template, questions, participant, features, random } = input;
  const utterances: ScriptedUtterance[] = [];
  const say = (
    role: Role,
    text: string,
    entryType: EntryType,
    gapBeforeMs: number,
    question?: BlueprintQuestion,
  ): number => {
    const voice =
      role === 'agent'
        ? interviewerVoice
        : {
            ...participant.voice,
            speedWpm:
              participant.voice.speedWpm +
              random.int(-participantSpeedJitterWpm, participantSpeedJitterWpm),
          };
    utterances.push({
      role,
      text,
      voice,
      entryType,
      ...(question ? { nodeId: question.nodeId, questionKey: question.question.key } : {}),
      gapBeforeMs,
      estimatedDurationMs: estimateSpeechMs(text, voice.speedWpm),
      loggedSkewMs: 0,
      ...(role === 'participant' ? { confidence: random.int(82, 98) / 100 } : {}),
    });
    return utterances.length - 1;
  };

  const all = questions.map((_, index) => index);
  // The drop-off comes after the first two answers, which carry the contact details.
  const dropOffIndex = features.abandoned ? random.int(2, Math.max(2, questions.length - 2)) : null;
  const answerable = all.filter((index) => dropOffIndex === null || index < dropOffIndex);
  const unansweredIndex = features.unanswered
    ? pickIndex(
        random,
        answerable.filter((index) => index >= 2),
        [],
        (index) => questions[index]!.question.required,
      )
    : null;
  const talkOverIndex = features.talkOver ? pickIndex(random, answerable, [unansweredIndex]) : null;
  const clockDriftIndex = features.clockDrift
    ? pickIndex(random, answerable, [unansweredIndex, talkOverIndex])
    : null;

  const spoken = {
    email: spokenEmail(participant.email),
    phone: spokenPhone(participant.phone),
  };
  say(
    'agent',
    `Hi, and thanks for joining. I'm the AI interviewer for ${template.organizationName}. ` +
      `This conversation takes about ${estimatedMinutes(questions)} minutes and is recorded so the team can review it. ` +
      'To begin, could you tell me your name?',
    'intro',
    between(random, pauses.leadIn),
  );
  say(
    'participant',
    random.pick(introReplies)(participant.name),
    'utterance',
    between(random, pauses.answerLatency),
  );

  const sentimentByQuestion: Record<string, Sentiment> = {};
  let utteranceIndexOfTalkOver: number | null = null;
  let utteranceIndexOfClockDrift: number | null = null;
  let gapBeforeQuestion = between(random, pauses.agentTurnTaking);
  for (const [index, planned] of questions.entries()) {
    const { question } = planned;
    say('agent', question.text, 'utterance', gapBeforeQuestion, planned);
    gapBeforeQuestion = between(random, pauses.agentTurnTaking);

    if (index === unansweredIndex) {
      say(
        'agent',
        random.pick(skipLines),
        'acknowledgement',
        between(random, pauses.unansweredSilence),
        planned,
      );
      gapBeforeQuestion = between(random, pauses.afterAcknowledgement);
      continue;
    }

    const sentiment = pickSentiment(random, input.mood);
    const answer = question.answers[sentiment];
    if (index === dropOffIndex) {
      say(
        'participant',
        cutShort(answer, random),
        'utterance',
        between(random, pauses.answerLatency),
        planned,
      );
      break;
    }
    sentimentByQuestion[question.key] = sentiment;
    const aside =
      index === 0
        ? random.pick(emailAsides)(spoken.email)
        : index === 1
          ? random.pick(phoneAsides)(spoken.phone)
          : '';
    const answerIndex = say(
      'participant',
      [random.pick(answerOpeners), answer, aside].filter((part) => part !== '').join(' '),
      'utterance',
      index === talkOverIndex
        ? -between(random, pauses.talkOverLead)
        : between(random, pauses.answerLatency),
      planned,
    );
    if (index === talkOverIndex) utteranceIndexOfTalkOver = answerIndex;
    if (index === clockDriftIndex) {
      utterances[answerIndex]!.loggedSkewMs = -between(random, pauses.clockError);
      utteranceIndexOfClockDrift = answerIndex;
    }

    const followUps = question.followUps.slice(
      0,
      question.followUps.length > 0 ? random.int(1, question.followUps.length) : 0,
    );
    for (const followUp of followUps) {
      say(
        'agent',
        followUp.question,
        'follow_up',
        between(random, pauses.agentTurnTaking),
        planned,
      );
      say(
        'participant',
        followUp.answers[sentiment],
        'utterance',
        between(random, pauses.followUpLatency),
        planned,
      );
    }
    if (index < questions.length - 1 && random.chance(acknowledgementChance)) {
      say(
        'agent',
        random.pick(acknowledgements),
        'acknowledgement',
        between(random, pauses.agentTurnTaking),
        planned,
      );
      gapBeforeQuestion = between(random, pauses.afterAcknowledgement);
    }
  }

  if (!features.abandoned) {
    say(
      'agent',
      `That's all my questions. Thank you for your time, ${participant.firstName}. ` +
        `The ${template.organizationName} team will be in touch soon. Goodbye!`,
      'outro',
      gapBeforeQuestion,
    );
    say('participant', random.pick(farewells), 'utterance', between(random, pauses.answerLatency));
  }

  return {
    index: input.index,
    runId: input.runId,
    organizationId: input.organizationId,
    templateId: template.id,
    startedAt: input.startedAt,
    status: features.abandoned ? 'abandoned' : 'completed',
    audioLayout: features.audioLayout,
    blueprint: input.blueprint,
    participant,
    utterances,
    talkOverIndex: utteranceIndexOfTalkOver,
    clockDriftIndex: utteranceIndexOfClockDrift,
    unansweredNodeId: unansweredIndex === null ? null : questions[unansweredIndex]!.nodeId,
    dropOffNodeId: dropOffIndex === null ? null : questions[dropOffIndex]!.nodeId,
    sentimentByQuestion,
    themes: template.themes,
    tailMs: features.abandoned ? 0 : between(random, pauses.tail),
    noiseSeed: random.int(1, 0x7fffffff),
  };
}
