/**
 * The one wink-nlp instance with its English model. Loading the model takes about half a second,
 * so it happens on first use, not on import: the Anthropic path never pays for it.
 */
import winkNLP, { type Bow, type ItsFunction, type PartOfSpeech, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/**
 * The `its` helpers used here. wink declares them as methods (and `lemma` with a parameter that
 * `out` does not pass), but they are plain functions handed to `out`; typed as such here.
 */
export interface Its {
  value: ItsFunction<string>;
  precedingSpaces: ItsFunction<string>;
  pos: ItsFunction<PartOfSpeech>;
  lemma: ItsFunction<string>;
  stem: ItsFunction<string>;
  stopWordFlag: ItsFunction<boolean>;
  negationFlag: ItsFunction<boolean>;
  span: ItsFunction<[number, number]>;
  sentiment: ItsFunction<number>;
  docBOWArray: ItsFunction<Bow[]>;
}

let instance: { nlp: WinkMethods; its: Its } | null = null;

export function english(): { nlp: WinkMethods; its: Its } {
  if (!instance) {
    const nlp = winkNLP(model);
    instance = { nlp, its: nlp.its as unknown as Its };
  }
  return instance;
}

/** The model's Porter stemmer, which wink declares as an opaque add-on. */
const porterStem = (model as unknown as { addons: { stem: (word: string) => string } }).addons.stem;
const stems = new Map<string, string>();
/** Past this many words the memory starts afresh. */
const MAX_STEMS = 50_000;

/**
 * The stem of a lower-case word, as `its.stem` gives it. Stemming every token of a document is a
 * good part of reading it, so the few words that need a stem get it here, once each.
 */
export function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear();
    stem = porterStem(word);
    stems.set(word, stem);
  }
  return stem;
}
