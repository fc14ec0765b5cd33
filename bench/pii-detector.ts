/**
 * How well and how fast the PII detector works on the labelled corpus: precision and recall per
 * type (matching rule in pii-score.ts), and throughput two ways, since the first call to
 * compromise costs the same however short the text: one utterance at a time, as a caller
 * redacting single transcript entries would, and all samples joined as one long transcript.
 *
 *   node dist/bench/pii-detector.js [--runs 3] [--json]
 */
import { detectPii } from '../lib/pii/detect-pii';
import { labelledSamples, nearMissSentences, piiCorpus } from './pii-corpus';
import { scoreDetector } from './pii-score';

interface Throughput {
  texts: number;
  chars: number;
  ms: number;
  chars_per_s: number;
}

function throughput(texts: readonly string[], runs: number): Throughput {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  const started = performance.now();
  for (let run = 0; run < runs; run += 1) for (const text of texts) detectPii(text);
  const ms = (performance.now() - started) / runs;
  return {
    texts: texts.length,
    chars,
    ms: Math.round(ms),
    chars_per_s: Math.round((chars / ms) * 1000),
  };
}

const percent = (ratio: number) => ratio.toFixed(3);

function main(argv: readonly string[]): void {
  const runsIndex = argv.indexOf('--runs');
  const runs = runsIndex === -1 ? 3 : Math.max(1, Number(argv[runsIndex + 1]));
  // The first call loads compromise's model; it is not part of the steady state.
  detectPii('warm up: my name is Grace Hopper, grace@example.com');
  const score = scoreDetector(piiCorpus, (text, knownNames) => detectPii(text, { knownNames }));
  const texts = piiCorpus.map((sample) => sample.text);
  const report = {
    corpus: {
      samples: labelledSamples.length,
      spans: score.overall.labelled,
      near_miss_sentences: nearMissSentences.length,
    },
    by_type: score.byType,
    overall: score.overall,
    missed: score.missed,
    false_positives: score.falsePositives,
    throughput: {
      utterances: throughput(texts, runs),
      transcript: throughput([texts.join('\n')], runs),
    },
    runs,
  };
  if (argv.includes('--json')) {
    console.log(JSON.stringify(report));
    return;
  }
  const row = (cells: (string | number)[]) =>
    cells
      .map((cell, index) =>
        String(cell)[index === 0 ? 'padEnd' : 'padStart'](index === 0 ? 16 : 10),
      )
      .join('');
  console.log(row(['type', 'spans', 'detected', 'precision', 'recall']));
  for (const type of score.byType) {
    console.log(
      row([type.type, type.labelled, type.detected, percent(type.precision), percent(type.recall)]),
    );
  }
  const { overall } = score;
  console.log(
    row([
      'overall',
      overall.labelled,
      overall.detected,
      percent(overall.precision),
      percent(overall.recall),
    ]),
  );
  for (const miss of score.missed) console.log(`missed ${miss.type}: ${JSON.stringify(miss.span)}`);
  for (const wrong of score.falsePositives) {
    console.log(
      `false positive ${wrong.type}: ${JSON.stringify(wrong.span)} in ${JSON.stringify(wrong.text)}`,
    );
  }
  const { utterances, transcript } = report.throughput;
  console.log(
    `throughput: ${utterances.chars_per_s} chars/s one utterance at a time (${utterances.texts} texts, ` +
      `${utterances.chars} chars); ${transcript.chars_per_s} chars/s as one ${transcript.chars}-char transcript`,
  );
}

if (require.main === module) main(process.argv.slice(2));
