/**
 * Redacts every string inside a JSON value (responses, analysis results, run metadata), so fields
 * added later are covered without a list to keep up to date. In Epilogue's own documents, keys that
 * hold identifiers or fixed vocabularies (`entry_id`, `question_key`, `node_type`, `sentiment`...)
 * are left alone: they are never personal data, and other rows refer to them. Metadata the platform
 * sent has no such keys (a `user_id` there may well be an email): every string is redacted.
 */
import type { TextRedactor } from './text-redactor';

const structuralKey = /(^|_)(id|ids|key|keys|type|version|provider|model|language)$/;
const vocabularyKeys = new Set(['sentiment', 'overall', 'skipped', 'status', 'role']);

export interface JsonRedaction<T> {
  value: T;
  /** How many strings changed. */
  changed: number;
}

export function redactJson<T>(
  value: T,
  redactor: TextRedactor,
  options: { everyString?: boolean } = {},
): JsonRedaction<T> {
  let changed = 0;
  const kept = (key: string | undefined) =>
    !options.everyString &&
    key !== undefined &&
    (structuralKey.test(key) || vocabularyKeys.has(key));
  const visit = (node: unknown, key: string | undefined): unknown => {
    if (typeof node === 'string') {
      if (kept(key)) return node;
      const { redacted } = redactor.redact(node);
      if (redacted !== node) changed += 1;
      return redacted;
    }
    if (Array.isArray(node)) return node.map((item) => visit(item, key));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node as Record<string, unknown>).map(([name, item]) => [
          name,
          visit(item, name),
        ]),
      );
    }
    return node;
  };
  return { value: visit(value, undefined) as T, changed };
}
