/**
 * Language of a transcript as ISO 639-1, by franc (trigram statistics). franc knows hundreds of
 * languages and confuses close ones on short text (English read as Scots), so it only chooses
 * among languages interviews are commonly held in; the blueprint's language is the fallback.
 */
import { franc } from 'franc';
import { iso6393 } from 'iso-639-3';

/** ISO 639-3 codes franc may answer with. Individual languages of a macrolanguage map by hand. */
const candidates = [
  'eng',
  'spa',
  'fra',
  'deu',
  'ita',
  'por',
  'nld',
  'swe',
  'dan',
  'nob',
  'fin',
  'pol',
  'ces',
  'slk',
  'hun',
  'ron',
  'bul',
  'hrv',
  'slv',
  'ell',
  'tur',
  'rus',
  'ukr',
  'heb',
  'arb',
  'pes',
  'cmn',
  'jpn',
  'kor',
  'vie',
  'tha',
  'ind',
  'zlm',
  'hin',
  'ben',
  'tam',
  'urd',
  'cat',
  'lit',
  'lav',
  'est',
];
const macrolanguage: Record<string, string> = { arb: 'ar', pes: 'fa', cmn: 'zh', zlm: 'ms' };

const toIso6391 = new Map(
  iso6393
    .filter((language) => language.iso6391)
    .map((language) => [language.iso6393, language.iso6391!]),
);

/** Enough text for trigram statistics to be meaningful. */
const MIN_CHARACTERS = 40;

export function detectLanguage(text: string, fallback?: string | null): string | null {
  const fallbackCode = fallback ? (fallback.toLowerCase().split(/[-_]/)[0] ?? null) : null;
  if (text.length < MIN_CHARACTERS) return fallbackCode;
  const code = franc(text, { only: candidates, minLength: MIN_CHARACTERS });
  if (code === 'und') return fallbackCode;
  return macrolanguage[code] ?? toIso6391.get(code) ?? fallbackCode;
}
