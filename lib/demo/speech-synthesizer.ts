/**
 * Synthesizes utterances with bounded concurrency (espeak-ng is single-threaded, so two processes
 * keep two cores busy without starving the rest) and synthesizes each distinct utterance once:
 * the interviewer asks the same questions in every run of a template.
 */
import { synthesizeWithEspeak, type SpeechRequest, type SynthesizedSpeech } from './espeak-speech';

export interface SpeechSynthesizer {
  synthesize(request: SpeechRequest): Promise<SynthesizedSpeech>;
  /** How many utterances were actually synthesized (the rest were reused). */
  readonly synthesized: number;
}

const DEFAULT_SYNTHESIS_CONCURRENCY = 2;

function requestKey({ text, voice }: SpeechRequest): string {
  return JSON.stringify([voice.name, voice.pitch, voice.speedWpm, text]);
}

/** Share one synthesizer between bundles to reuse speech across runs and bound concurrency overall. */
export function createSpeechSynthesizer(
  concurrency = DEFAULT_SYNTHESIS_CONCURRENCY,
  synthesizeOne: (request: SpeechRequest) => Promise<SynthesizedSpeech> = synthesizeWithEspeak,
): SpeechSynthesizer {
  const cache = new Map<string, Promise<SynthesizedSpeech>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  let synthesized = 0;

  async function withSlot<T>(work: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (running < concurrency) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  }

  return {
    synthesize(request) {
      const key = requestKey(request);
      let speech = cache.get(key);
      if (!speech) {
        speech = withSlot(() => {
          synthesized += 1;
          return synthesizeOne(request);
        });
        // A failure is not cached, so a later call may try again.
        speech.catch(() => cache.delete(key));
        cache.set(key, speech);
      }
      return speech;
    },
    get synthesized() {
      return synthesized;
    },
  };
}
