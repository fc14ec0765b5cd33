/**
 * The work a chaos run puts under faults: the demo's interviews (two voices, a talk-over, an
 * unanswered question, an abandoned run from 3 runs, a one-track recording from 4), synthesized
 * once into run bundles before any fault, then ingested and enqueued as the platform would.
 */
import path from 'node:path';
import type { EpilogueClient } from '../client/epilogue-client';
import { planDemoInterviews } from '../lib/demo/plan-demo-interviews';
import { createSpeechSynthesizer } from '../lib/demo/speech-synthesizer';
import { writeDemoBundle, type WrittenDemoBundle } from '../lib/demo/write-demo-bundle';

export async function synthesizeBundles(options: {
  runs: number;
  seed: number;
  organizationId: string;
  dir: string;
  onBundle: (written: number) => void;
}): Promise<WrittenDemoBundle[]> {
  const plans = planDemoInterviews({
    runs: options.runs,
    seed: options.seed,
    organizationId: options.organizationId,
    runIdPrefix: `chaos_${options.seed}`,
    startedAt: new Date(),
  });
  const synthesizer = createSpeechSynthesizer();
  let written = 0;
  return Promise.all(
    plans.map(async (plan) => {
      const bundle = await writeDemoBundle(plan, path.join(options.dir, plan.runId), {
        synthesizer,
      });
      options.onBundle((written += 1));
      return bundle;
    }),
  );
}

/** Stores every bundle and starts its pipeline; returns the run ids in order. */
export async function submitRuns(
  client: EpilogueClient,
  bundles: WrittenDemoBundle[],
): Promise<string[]> {
  for (const bundle of bundles) {
    const { runId, organizationId } = await client.ingestRunBundle(bundle.dir);
    await client.enqueueCompletedRun(runId, { organizationId });
  }
  return bundles.map((bundle) => bundle.runId);
}
