/**
 * The SSRF guard: turns a customer's webhook URL into the one checked address a delivery connects
 * to. Every address the host resolves to must pass the address policy (one refused record refuses
 * the URL, so a resolver cannot hand out a public and a private address and let chance decide),
 * unless the operator allowlisted the host. The delivery then connects to the returned address
 * instead of resolving again, so a DNS answer that changes between check and connect (rebinding)
 * cannot reach anything that was not checked.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { EpilogueError } from '../errors';
import { FailureType } from '../failure-types';
import { canonicalAllowedHost, stripBrackets } from './allowed-hosts';
import { refusedAddressCategory } from './refused-address';

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves every A and AAAA record of a host name. */
export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: HostLookup = (hostname) =>
  dnsLookup(hostname, { all: true, verbatim: true });

export interface DeliveryTarget {
  url: URL;
  /** The URL's host without IPv6 brackets: the Host header and the TLS server name. */
  hostname: string;
  port: number;
  /** The checked address to connect to. */
  address: string;
  family: 4 | 6;
  /** The operator allowlist let this host skip the address policy. */
  allowlisted: boolean;
}

const defaultPorts: Record<string, number> = { 'http:': 80, 'https:': 443 };

/**
 * Parses, resolves and checks a webhook URL. Throws EpilogueError(WebhookUrlRefused) with a reason
 * naming the rule or address category (never the resolved address); DNS failures are thrown as
 * they come, since a later attempt may succeed.
 */
export async function resolveDeliveryTarget(
  rawUrl: string,
  options: { allowedHosts: readonly string[]; lookup?: HostLookup },
): Promise<DeliveryTarget> {
  const url = parseWebhookUrl(rawUrl);
  const hostname = stripBrackets(url.hostname);
  const allowlisted = options.allowedHosts.map(canonicalAllowedHost).includes(hostname);
  const literalFamily = isIP(hostname);
  const addresses =
    literalFamily === 0
      ? await (options.lookup ?? systemLookup)(hostname)
      : [{ address: hostname, family: literalFamily }];
  const pinned = addresses[0];
  if (pinned === undefined) throw new Error('DNS lookup returned no address');
  if (!allowlisted) {
    for (const { address } of addresses) {
      const category = refusedAddressCategory(address);
      if (category !== undefined) {
        const subject = literalFamily === 0 ? 'the host resolves to' : 'the host is';
        throw refused(`${subject} an address in a refused range (${category})`);
      }
    }
  }
  return {
    url,
    hostname,
    port: url.port === '' ? defaultPorts[url.protocol]! : Number(url.port),
    address: pinned.address,
    family: pinned.family === 6 ? 6 : 4,
    allowlisted,
  };
}

/**
 * Only http(s) without credentials. The WHATWG parser also turns decimal, octal and hex IPv4 forms
 * (`http://2130706433/`, `http://0x7f.1/`) into dotted decimal, so the policy sees the real address.
 */
function parseWebhookUrl(rawUrl: string): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw refused('not a valid URL');
  }
  if (!Object.hasOwn(defaultPorts, url.protocol))
    throw refused('only http and https URLs are allowed');
  if (url.username !== '' || url.password !== '') {
    throw refused('URLs with a user name or password are not allowed');
  }
  return url;
}

function refused(reason: string): EpilogueError {
  return new EpilogueError(`webhook URL refused: ${reason}`, FailureType.WebhookUrlRefused);
}
