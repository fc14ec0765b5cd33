import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';
import { AesGcmPayloadCodec } from './payload-codec';
import { loadPayloadKeys } from './payload-keys';

/** The data converter of every client and worker: payloads leave the process encrypted. */
export function encryptingDataConverter(
  config: Pick<Config, 'EPILOGUE_PAYLOAD_KEYS' | 'EPILOGUE_DATA_DIR'>,
): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(loadPayloadKeys(config))] };
}
