/**
 * What the local analyzer knows about the language of interview feedback beyond wink-nlp's
 * general lexicon (AFINN). AFINN scores emotion words ("love", "frustrating") well but leaves
 * out most of what people say about products and work: speed ("slow", "laggy"), reliability
 * ("crashed", "buggy"), price ("expensive", "steep"), effort ("tedious", "manual") and workload
 * ("exhausting", "burnout"); and some of its entries mislead in an interview ("support" and
 * "help" are topics there, "fine" and "okay" are lukewarm). Entries are general vocabulary of
 * product and workplace feedback, on wink's scale (-1..1), grouped by what they are about.
 */

type Entries = Record<string, number>;

const entries = (group: Record<string, string>): Entries =>
  Object.fromEntries(
    Object.entries(group).flatMap(([score, words]) =>
      words
        .trim()
        .split(/\s+/)
        .map((word) => [word, Number(score)]),
    ),
  );

/** Single words, looked up by their lower-case form and then by lemma. */
export const feedbackWords: Entries = {
  // Speed and responsiveness.
  ...entries({
    '-0.5': 'slow slower slowest sluggish laggy unresponsive',
    '-0.4': 'lag lags lagging delay delays delayed',
    '0.4': 'fast faster quick quickly instantly instant snappy responsive speedy',
  }),
  // Reliability and defects.
  ...entries({
    '-0.6': 'crash crashes crashed crashing outage outages',
    '-0.5': `bug bugs buggy glitch glitches glitchy flaky unstable broken breaks freezes froze
      frozen freezing`,
    '-0.4': 'downtime timeout timeouts loses lose',
    '0.3': 'stable',
  }),
  // Price and value.
  ...entries({
    '-0.6': 'overpriced underpaid',
    '-0.5': 'expensive pricey costly',
    '-0.4': 'steep',
    '0.3': 'cheap affordable inexpensive',
  }),
  // Ease of use.
  ...entries({
    '-0.5': 'cumbersome clunky tedious convoluted unusable unintuitive cluttered',
    '-0.4': 'complicated fiddly maze hard harder hardest',
    '-0.3': 'buried manual workaround workarounds',
    '-0.2': 'hidden',
    '0.5': 'intuitive seamless seamlessly effortless painless',
    '0.4': 'smoothly straightforward handy nicely',
  }),
  // Workload and wellbeing at work.
  ...entries({
    '-0.6': 'exhausting exhausted burnout overworked',
    '-0.4': 'interruptions firefighting overwhelming overwhelmed cancelled canceled',
    '-0.3': 'heavy concern concerns concerned',
  }),
  // Service.
  ...entries({
    '-0.4': 'unanswered ignored ignores',
    '-0.3': 'canned nobody',
  }),
  // Frustration is the commonest complaint of all; wink scores it faintly.
  ...entries({ '-0.5': 'frustrating frustrated frustration' }),
  // "I like incident work": wink leaves "like" out, since it is so often a preposition (which
  // carries nothing, see sentence-sentiment), and scores "love" below "like" in AFINN.
  ...entries({ '0.3': 'like likes liked', '0.6': 'love loves loved' }),
  // Leaving: the clearest sign of a dissatisfied customer or employee.
  ...entries({ '-0.4': 'cancel churn' }),
  // Lukewarm in feedback, however warm in general English: "it's fine", "okay, I guess".
  ...entries({ '0.05': 'fine okay ok alright' }),
  // Courtesy and hedges, not opinion: "thanks", "to be honest", "kind of", "reasonably".
  ...entries({ '0': 'thanks thank please honest honestly kind sort reasonably help helps helped' }),
  // Everyday words that wink's lexicon scores and an interview uses plainly: "go", "sync", "work",
  // "still", "right now", "enough", "the exact number", "lower than I expected".
  ...entries({
    '0': `go goes went sync syncs synced work works worked still right enough exact lower higher
      approve approves approved approval`,
  }),
};

/**
 * Nouns that name a topic of the interview, whatever AFINN says of them ("support", "growth"):
 * negative ones too ("the security update" is no complaint).
 */
export const topicNouns = new Set([
  'support',
  'care',
  'growth',
  'trust',
  'security',
  'safety',
  'interest',
  'benefit',
  'value',
  'credit',
  'reward',
  'promotion',
  'promotions',
]);

/** Phrases that mean more than their words, by lower-case word sequence. */
export const feedbackPhrases: [words: string[], score: number][] = (
  [
    // Replies that decline without saying so.
    ['not really', -0.3],
    ['not very', -0.3],
    ['not quite', -0.3],
    ['not exactly', -0.3],
    ['not right now', -0.3],
    ['not so much', -0.3],
    // Complaints.
    ['deal breaker', -0.6],
    ['waste of time', -0.6],
    ['gave up', -0.4],
    ['give up', -0.4],
    ['took a hit', -0.4],
    ['takes a hit', -0.4],
    ['out of the loop', -0.4],
    ['by hand', -0.3],
    ['timing out', -0.4],
    ['times out', -0.4],
    ['timed out', -0.4],
    ['falls apart', -0.5],
    ['fell apart', -0.5],
    // Praise.
    ['just works', 0.5],
    ['just work', 0.5],
    ['makes sense', 0.3],
    ['make sense', 0.3],
    ['look forward', 0.5],
    ['looking forward', 0.5],
    ['keep coming back', 0.4],
    ['keeps coming back', 0.4],
    ["ca n't wait", 0.5],
    // Leaving.
    ['look for alternatives', -0.4],
    ['looking for alternatives', -0.4],
    ['looking at alternatives', -0.4],
    ['thinking of switching', -0.4],
    ['considering other', -0.4],
    // Neither: "as well" is "also"; courtesy is not opinion.
    ['as well', 0],
    ['broken down by', 0],
    ['break down by', 0],
    ['right now', 0],
    ['have a good day', 0],
    ['have a nice day', 0],
    ['have a great day', 0],
    ['happy to be here', 0],
    ['a good time to', 0],
  ] as [string, number][]
).map(([phrase, score]) => [phrase.split(' '), score]);

/** Words that strengthen the next opinion: "really slow", "so easy". */
export const boosters = new Set([
  'really',
  'very',
  'so',
  'extremely',
  'super',
  'incredibly',
  'totally',
  'absolutely',
  'genuinely',
  'truly',
  'especially',
  'far',
  'way',
  'much',
  'pretty',
  'quite',
]);

/** Words that soften it: "a bit buried", "reasonably confident", "mostly fine". */
export const downtoners = new Set([
  'bit',
  'little',
  'slightly',
  'somewhat',
  'fairly',
  'reasonably',
  'mostly',
  'kind',
  'sort',
  'rather',
  'relatively',
  'moderately',
  'partly',
  'occasional',
  'occasionally',
  'sometimes',
]);

/**
 * Verbs that take on a problem: "solved the problem", "fixed the bug", "works on hard problems"
 * report no complaint.
 */
export const resolvingVerbs = new Set([
  'solve',
  'fix',
  'resolve',
  'address',
  'sort',
  'tackle',
  'handle',
  'work',
]);

/**
 * Verbs whose negation is a hedge, not a complaint ("I don't know", "I don't think so"); any other
 * verb negated after "do" or "can" reports something that fails to happen ("it doesn't load",
 * "I couldn't find it").
 */
export const hedgeVerbs = new Set([
  'know',
  'think',
  'mind',
  'remember',
  'recall',
  'believe',
  'guess',
  'say',
  'mean',
  'read',
  'need',
  'have',
  'be',
]);
