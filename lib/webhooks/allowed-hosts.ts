/**
 * The operator allowlist (`WEBHOOK_ALLOWED_HOSTS`): hosts a webhook may reach even when they
 * resolve to a refused address, such as a receiver on the same private network. Hosts are
 * compared exactly after the same canonical form the URL parser gives a webhook URL's host
 * (lower case, IPv4 in dotted decimal, IPv6 compressed), so `LOCALHOST` matches `http://localhost/`
 * and `127.0.0.1` matches `http://0x7f.1/`, but a name never matches its subdomains.
 */
import { isIPv6 } from 'node:net';
import { ConfigError } from '../errors';

const hostEntryPattern = /^[A-Za-z0-9_.-]+$/;

/** Splits the comma-separated variable into canonical hosts; throws ConfigError on a bad entry. */
export function parseAllowedHosts(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map(canonicalAllowedHost);
}

/**
 * The canonical form of one allowlist entry: a host name or an IP address, without port, path or
 * user, since an entry that looked like it limited a port would in fact open every port.
 */
export function canonicalAllowedHost(entry: string): string {
  const bare = stripBrackets(entry);
  const urlHost = isIPv6(bare) ? `[${bare}]` : hostEntryPattern.test(bare) ? bare : undefined;
  const host = urlHost === undefined ? undefined : canonicalUrlHost(urlHost);
  if (host === undefined) {
    throw new ConfigError(
      `invalid configuration: WEBHOOK_ALLOWED_HOSTS entry ${JSON.stringify(entry)} is not a host name or IP address`,
    );
  }
  return host;
}

function canonicalUrlHost(host: string): string | undefined {
  try {
    return stripBrackets(new URL(`http://${host}/`).hostname);
  } catch {
    return undefined;
  }
}

/** URL hostnames keep IPv6 brackets; sockets, DNS and the allowlist want the bare address. */
export function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
