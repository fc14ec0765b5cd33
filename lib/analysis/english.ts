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
  stopWordFlag: ItsFunction<boolean>;
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
