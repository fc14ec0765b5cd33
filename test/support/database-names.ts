/** Where test databases live: the server of DATABASE_URL (or the default), one database per file. */
const base = new URL(process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/epilogue');

export const TEST_DATABASE_PREFIX = 'epilogue_test_';

export function databaseUrl(name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export const adminUrl = () => databaseUrl('postgres');
