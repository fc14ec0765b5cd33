import path from 'node:path';
import type { Config } from '../config';
import type { BlobStore } from './blob-store';
import { LocalBlobStore } from './local-blob-store';

/** The configured blob store: `$EPILOGUE_DATA_DIR/blobs` on local disk. */
export function openBlobStore(config: Pick<Config, 'EPILOGUE_DATA_DIR'>): BlobStore {
  return new LocalBlobStore(path.join(config.EPILOGUE_DATA_DIR, 'blobs'));
}
