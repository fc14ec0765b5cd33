/**
 * JSON.parse keeps the last of two equal keys in one object and says nothing, so the platform and
 * Epilogue could read two different runs from the same bytes. This finds, in text JSON.parse has
 * already accepted, the first key that appears twice in one object, or a `__proto__` key, which
 * JSON.parse keeps but validation silently drops. Keys are compared decoded (`"a"` = `"\u0061"`).
 */

export interface DuplicateJsonKey {
  /** Where the object is: keys and array indexes from the root. */
  path: (string | number)[];
  key: string;
  reason: 'duplicate' | 'reserved';
}

interface Container {
  /** Keys seen so far; undefined for an array. */
  keys: Set<string> | undefined;
  /** The key or index under which the container sits in its parent (undefined for the root). */
  at: string | number | undefined;
  /** The current key (object) or index (array): where the next nested container sits. */
  current: string | number;
}

/** Index just past the string that starts with the quote at `start`. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
  return index + 1;
}

export function findDuplicateJsonKey(text: string): DuplicateJsonKey | undefined {
  const stack: Container[] = [];
  let expectingKey = false;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const top = stack.at(-1);
    if (char === '"') {
      const end = endOfString(text, index);
      if (expectingKey && top?.keys) {
        const key = JSON.parse(text.slice(index, end)) as string;
        const path = stack.slice(1).map((container) => container.at!);
        if (key === '__proto__') return { path, key, reason: 'reserved' };
        if (top.keys.has(key)) return { path, key, reason: 'duplicate' };
        top.keys.add(key);
        top.current = key;
        expectingKey = false;
      }
      index = end;
      continue;
    }
    if (char === '{' || char === '[') {
      stack.push({ keys: char === '{' ? new Set() : undefined, at: top?.current, current: 0 });
      expectingKey = char === '{';
    } else if (char === '}' || char === ']') {
      stack.pop();
    } else if (char === ',' && top) {
      if (top.keys) expectingKey = true;
      else top.current = (top.current as number) + 1;
    }
    index += 1;
  }
  return undefined;
}
