/**
 * The keys of the payload codec. `EPILOGUE_PAYLOAD_KEYS` lists `id:base64key` pairs, the first
 * being the one new payloads are sealed with; rotating means putting a new key first and keeping
 * the old ones until no history needs them. Without the variable (development, the demo), a key
 * is generated once into `$EPILOGUE_DATA_DIR/payload-keys.json` (mode 0600), so every process on
 * the same data directory reads the same histories.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors';

export interface PayloadKeys {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

const KEY_BYTES = 32;
const keyIdPattern = /^[A-Za-z0-9_.-]{1,64}$/;

export function parsePayloadKeys(value: string): PayloadKeys {
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const separator = part.indexOf(':');
      const id = part.slice(0, separator);
      const key = Buffer.from(part.slice(separator + 1), 'base64');
      if (separator < 1 || !keyIdPattern.test(id) || key.length !== KEY_BYTES) {
        throw new ConfigError(
          'invalid configuration: EPILOGUE_PAYLOAD_KEYS must be comma-separated id:base64 pairs of 32-byte keys',
        );
      }
      return { id, key };
    });
  const [current] = entries;
  if (!current) throw new ConfigError('invalid configuration: EPILOGUE_PAYLOAD_KEYS holds no key');
  return { current, byId: new Map(entries.map((entry) => [entry.id, entry.key])) };
}

export const newPayloadKeyEntry = (id: string): string =>
  `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;

/** The configured keys, or the data directory's own generated key. */
export function loadPayloadKeys(config: {
  EPILOGUE_PAYLOAD_KEYS?: string | undefined;
  EPILOGUE_DATA_DIR: string;
}): PayloadKeys {
  if (config.EPILOGUE_PAYLOAD_KEYS) return parsePayloadKeys(config.EPILOGUE_PAYLOAD_KEYS);
  const file = path.join(config.EPILOGUE_DATA_DIR, 'payload-keys.json');
  fs.mkdirSync(config.EPILOGUE_DATA_DIR, { recursive: true });
  if (!fs.existsSync(file)) {
    // Written aside, then linked into place: two processes starting at once end up with the
    // same key, and neither can read a half-written file.
    const draft = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(draft, JSON.stringify({ keys: newPayloadKeyEntry('local-1') }), {
      mode: 0o600,
    });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  return parsePayloadKeys((JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: string }).keys);
}
