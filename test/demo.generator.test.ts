import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunBundle } from '../lib/bundle/run-bundle';
import type { DemoInterviewPlan } from '../lib/demo/demo-interview';
import type { SynthesizedSpeech } from '../lib/demo/espeak-speech';
import { planDemoInterviews, type DemoPlanOptions } from '../lib/demo/plan-demo-interviews';
import { createSpeechSynthesizer } from '../lib/demo/speech-synthesizer';
import { writeDemoBundle, type WrittenDemoBundle } from '../lib/demo/write-demo-bundle';
import { runManifestSchema } from '../lib/domain/run';
import { turnSchema, type Turn } from '../lib/domain/turn';
import { decodeMono, probeDurationMs, probeStream, rmsBetween } from './support/demo-audio';

const baseOptions: DemoPlanOptions = {
  runs: 3,
  seed: 20261127,
  organizationId: 'org_demo',
  runIdPrefix: 'demo',
  startedAt: new Date('2026-11-27T10:00:00Z'),
};

function plan(options: Partial<DemoPlanOptions> = {}): DemoInterviewPlan[] {
  return planDemoInterviews({ ...baseOptions, ...options });
}

function offsetMs(run: { manifest: { started_at: string } }, turn: Turn): number {
  return Date.parse(turn.timestamp) - Date.parse(run.manifest.started_at);
}

describe('planning demo interviews', () => {
  it('plans the same interviews from the same seed and different ones from another seed', () => {
    expect(plan({ runs: 5 })).toEqual(plan({ runs: 5 }));
    const other = plan({ runs: 5, seed: baseOptions.seed + 1 });
    expect(other.map((run) => run.participant.name)).not.toEqual(
      plan({ runs: 5 }).map((run) => run.participant.name),
    );
    expect(other.map((run) => run.runId)).toEqual([
      'demo_1',
      'demo_2',
      'demo_3',
      'demo_4',
      'demo_5',
    ]);
  });

  it('plans valid manifests and turn logs on blueprints of 5 to 8 questions', () => {
    for (const seed of [1, 2, 3]) {
      for (const run of plan({ runs: 6, seed })) {
        const manifest = runManifestSchema.parse(run.manifest);
        const nodes = Object.values(manifest.blueprint.graph.nodes);
        expect(nodes.length).toBeGreaterThanOrEqual(5);
        expect(nodes.length).toBeLessThanOrEqual(8);
        expect(nodes.every((node) => node.type === 'question')).toBe(true);
        expect(nodes.some((node) => node.required)).toBe(true);
        expect(nodes.some((node) => node.probing.enabled && node.probing.max_follow_ups > 0)).toBe(
          true,
        );
        expect(manifest.blueprint.graph.edges).toHaveLength(nodes.length - 1);
        for (const turn of run.turns) {
          turnSchema.parse(turn);
          if (turn.node_id) expect(manifest.blueprint.graph.nodes).toHaveProperty(turn.node_id);
        }
        expect(run.turns).toHaveLength(run.timeline.length);
        expect(new Set(run.turns.map((turn) => turn.entry_type))).toContain('follow_up');
      }
    }
  });

  it('keeps ordinary pauses between 0.4 and 2.5 seconds', () => {
    for (const run of plan({ runs: 4 })) {
      const special = new Set([run.talkOverIndex, 0]);
      run.utterances.forEach((utterance, index) => {
        const skipLine = utterance.entryType === 'acknowledgement' && utterance.gapBeforeMs > 3500;
        if (special.has(index) || skipLine) return;
        expect(utterance.gapBeforeMs).toBeGreaterThanOrEqual(400);
        expect(utterance.gapBeforeMs).toBeLessThanOrEqual(2500);
      });
    }
  });

  it('gives three runs one talk-over, one unanswered question and one abandoned run', () => {
    const runs = plan();
    expect(runs.map((run) => run.expected.talkOver !== null)).toEqual([false, true, false]);
    expect(runs.map((run) => run.expected.unansweredNodeId !== null)).toEqual([false, true, false]);
    expect(runs.map((run) => run.status)).toEqual(['completed', 'completed', 'abandoned']);
    expect(runs.map((run) => run.audioLayout)).toEqual(['two_track', 'two_track', 'two_track']);

    const talkOver = runs[1]!.expected.talkOver!;
    const question = runs[1]!.timeline[talkOver.turnIndex - 1]!;
    const answer = runs[1]!.timeline[talkOver.turnIndex]!;
    expect([question.role, answer.role]).toEqual(['agent', 'participant']);
    expect(question.endMs - answer.startMs).toBeGreaterThanOrEqual(500);
    expect(question.endMs - answer.startMs).toBeLessThanOrEqual(800);

    const unanswered = runs[1]!.expected.unansweredNodeId!;
    const atNode = runs[1]!.turns.filter((turn) => turn.node_id === unanswered);
    expect(atNode.map((turn) => [turn.role, turn.entry_type])).toEqual([
      ['agent', 'utterance'],
      ['agent', 'acknowledgement'],
    ]);
    const silenceMs = offsetMs(runs[1]!, atNode[1]!) - offsetMs(runs[1]!, atNode[0]!);
    expect(silenceMs - atNode[0]!.duration_ms).toBeGreaterThanOrEqual(3800);

    const abandoned = runs[2]!;
    expect(abandoned.expected).toMatchObject({ abandoned: true });
    const last = abandoned.turns.at(-1)!;
    expect(last).toMatchObject({ role: 'participant', node_id: abandoned.expected.dropOffNodeId });
    expect(abandoned.turns.some((turn) => turn.entry_type === 'outro')).toBe(false);
    const askedNodes = new Set(abandoned.turns.map((turn) => turn.node_id).filter(Boolean));
    expect(askedNodes.size).toBeLessThan(Object.keys(abandoned.blueprint.graph.nodes).length);
    expect(abandoned.durationMs).toBe(abandoned.timeline.at(-1)!.endMs);
  });

  it('records a mixed track for run 3 only when there are at least four runs', () => {
    expect(plan({ runs: 5 }).map((run) => run.audioLayout)).toEqual([
      'two_track',
      'two_track',
      'two_track',
      'mixed',
      'two_track',
    ]);
    expect(plan({ runs: 5 })[3]!.manifest.audio).toEqual({
      layout: 'mixed',
      tracks: { mixed: 'mixed.wav' },
    });
  });

  it('puts every special case in the only run when one run is planned, except the drop-off', () => {
    const [only] = plan({ runs: 1 });
    expect(only!.expected.talkOver).not.toBeNull();
    expect(only!.expected.unansweredNodeId).not.toBeNull();
    expect(only!.expected.clockDrift).not.toBeNull();
    expect(only!.status).toBe('completed');
  });

  it('logs one participant turn of run 0 about 2.5 s before its speech', () => {
    const [first] = plan();
    const drift = first!.expected.clockDrift!;
    const turn = first!.turns[drift.turnIndex]!;
    expect(turn.role).toBe('participant');
    expect(offsetMs(first!, turn)).toBe(drift.loggedOffsetMs);
    expect(first!.timeline[drift.turnIndex]!.startMs).toBe(drift.trueOffsetMs);
    expect(drift.trueOffsetMs - drift.loggedOffsetMs).toBeGreaterThanOrEqual(2400);
    expect(drift.trueOffsetMs - drift.loggedOffsetMs).toBeLessThanOrEqual(2600);
    const otherSkews = first!.utterances.filter((utterance) => utterance.loggedSkewMs !== 0);
    expect(otherSkews).toHaveLength(1);
  });

  it('has participants say their name, email and phone number aloud', () => {
    for (const run of plan({ runs: 4 })) {
      const { pii } = run.expected;
      expect(pii.spokenEmail).toMatch(/^[a-z ]+ at example dot (com|org|net)$/);
      expect(pii.spokenPhone).toMatch(
        /^([a-z]+ ){2}[a-z]+, five five five, zero one [a-z]+ [a-z]+$/,
      );
      const said = run.turns
        .filter((turn) => turn.role === 'participant')
        .map((turn) => turn.content)
        .join('\n');
      expect(said).toContain(pii.spokenName);
      expect(said).toContain(pii.spokenEmail);
      expect(said).toContain(pii.spokenPhone);
      expect(said).not.toContain(pii.email);
      expect(run.manifest.participant).toMatchObject({ name: pii.name, email: pii.email });
    }
  });

  it('mixes positive, neutral and negative answers across a set of runs', () => {
    const sentiments = plan().flatMap((run) => Object.values(run.expected.sentimentByQuestion));
    expect(new Set(sentiments)).toEqual(new Set(['positive', 'neutral', 'negative']));
  });

  it('refuses options that cannot make valid runs', () => {
    expect(() => plan({ runs: 0 })).toThrow(RangeError);
    expect(() => plan({ maxQuestions: 2 })).toThrow(RangeError);
    expect(() => plan({ runIdPrefix: 'demo run' })).toThrow(RangeError);
  });
});

describe('the speech synthesizer', () => {
  it('runs at most two syntheses at once and synthesizes identical utterances once', async () => {
    let running = 0;
    let peak = 0;
    const synthesizer = createSpeechSynthesizer(2, async (): Promise<SynthesizedSpeech> => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return { sampleRate: 22_050, samples: new Float32Array(0), durationMs: 0 };
    });
    const voice = { name: 'en-us+f2', pitch: 60, speedWpm: 165 };
    const texts = ['one', 'two', 'three', 'four', 'five', 'one', 'two'];
    await Promise.all(texts.map((text) => synthesizer.synthesize({ text, voice })));
    expect(peak).toBe(2);
    expect(synthesizer.synthesized).toBe(5);
  });
});

describe('written demo bundles', () => {
  const root = path.join(os.tmpdir(), `epilogue-demo-test-${process.pid}`);
  const synthesizer = createSpeechSynthesizer();
  let plans: DemoInterviewPlan[];
  let written: WrittenDemoBundle[];

  beforeAll(async () => {
    plans = plan({ runs: 2, maxQuestions: 3 });
    written = await Promise.all(
      plans.map((run) => writeDemoBundle(run, path.join(root, run.runId), { synthesizer })),
    );
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes bundles that openRunBundle accepts, holding the turns it reports', async () => {
    for (const bundle of written) {
      const opened = await openRunBundle(bundle.dir);
      try {
        expect(opened.manifest.id).toBe(bundle.runId);
        expect(opened.turns).toEqual(bundle.turns.map((turn) => turnSchema.parse(turn)));
        expect(opened.audio.map((file) => file.path)).toEqual(bundle.audioFiles);
      } finally {
        await opened.close();
      }
    }
  });

  it('writes the agent at 22.05 kHz mono and the participant at 44.1 kHz stereo', async () => {
    const [agent, participant] = await Promise.all(written[0]!.audioFiles.map(probeStream));
    expect(agent).toEqual({ codec: 'pcm_s16le', sampleRate: 22_050, channels: 1 });
    expect(participant).toEqual({ codec: 'pcm_s24le', sampleRate: 44_100, channels: 2 });
  });

  it('synthesizes each distinct utterance once', () => {
    const distinct = new Set(
      plans.flatMap((run) => run.utterances.map((u) => JSON.stringify([u.voice, u.text]))),
    );
    expect(synthesizer.synthesized).toBe(distinct.size);
  });

  it('makes audio as long as the timeline, and keeps the planned pauses after real durations', async () => {
    for (const [index, bundle] of written.entries()) {
      for (const file of bundle.audioFiles) {
        expect(Math.abs((await probeDurationMs(file)) - bundle.durationMs)).toBeLessThan(500);
      }
      expect(bundle.durationMs - bundle.timeline.at(-1)!.endMs).toBeLessThan(500);
      let spokenUntil = 0;
      bundle.timeline.forEach((utterance, at) => {
        expect(utterance.startMs - spokenUntil).toBe(plans[index]!.utterances[at]!.gapBeforeMs);
        expect(bundle.turns[at]!.duration_ms).toBe(utterance.endMs - utterance.startMs);
        spokenUntil = Math.max(spokenUntil, utterance.endMs);
      });
    }
  });

  it('logs the drifted turn 2.5 s before the participant is heard', async () => {
    const [first] = written;
    const drift = first!.expected.clockDrift!;
    expect(offsetMs(first!, first!.turns[drift.turnIndex]!)).toBe(drift.loggedOffsetMs);
    expect(drift.trueOffsetMs - drift.loggedOffsetMs).toBeGreaterThanOrEqual(2400);
    expect(drift.trueOffsetMs - drift.loggedOffsetMs).toBeLessThanOrEqual(2600);
    const participant = await decodeMono(first!.audioFiles[1]!);
    const heard = rmsBetween(participant, drift.trueOffsetMs, drift.trueOffsetMs + 500);
    const logged = rmsBetween(participant, drift.loggedOffsetMs, drift.loggedOffsetMs + 500);
    expect(heard).toBeGreaterThan(4 * logged);
  });

  it('has the participant talk over the end of a question on both tracks', async () => {
    const talkOver = written[1]!.expected.talkOver!;
    const answer = written[1]!.turns[talkOver.turnIndex]!;
    const question = written[1]!.turns[talkOver.turnIndex - 1]!;
    const questionEnd = offsetMs(written[1]!, question) + question.duration_ms;
    expect(questionEnd).toBe(talkOver.endMs);
    expect(questionEnd).toBeGreaterThan(offsetMs(written[1]!, answer) + 300);
    const [agent, participant] = await Promise.all(
      written[1]!.audioFiles.map((f) => decodeMono(f)),
    );
    const noise = rmsBetween(participant!, 0, 500);
    expect(rmsBetween(agent!, talkOver.startMs, talkOver.endMs - 100)).toBeGreaterThan(0.01);
    expect(rmsBetween(participant!, talkOver.startMs, talkOver.endMs)).toBeGreaterThan(4 * noise);
  });

  it('has the participant say their contact details in the written turn log', () => {
    for (const bundle of written) {
      const said = bundle.turns
        .filter((turn) => turn.role === 'participant')
        .map((turn) => turn.content)
        .join('\n');
      expect(said).toContain(bundle.expected.pii.spokenEmail);
      expect(said).toContain(bundle.expected.pii.spokenPhone);
    }
  });
});
