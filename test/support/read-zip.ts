/** Reads every entry of a ZIP with yauzl (as a recipient of an export would), in archive order. */
import yauzl from 'yauzl';

export interface ZipEntryContent {
  name: string;
  data: Buffer;
  /** As stored: 8 deflate, 0 stored. */
  compressionMethod: number;
  mtime: Date;
}

export function readZip(file: string): Promise<ZipEntryContent[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const entries: ZipEntryContent[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              data: Buffer.concat(chunks),
              compressionMethod: entry.compressionMethod,
              mtime: entry.getLastModDate(),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
