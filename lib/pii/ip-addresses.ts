/**
 * IPv4 and IPv6 addresses, validated by ipaddr.js: "256.1.1.1" and "10:30:15" are not addresses.
 * A four-part number right after "version", "build" or "release" is a version, not an address.
 */
import ipaddr from 'ipaddr.js';
import type { PiiEntity } from './pii-entity';

const ipv4Pattern = /(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w]|\.\d)/g;
const ipv6Pattern =
  /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![\w:])/g;
const versionCue = /\b(?:version|ver|build|release|firmware|rev)\.?\s*$/i;

export function detectIpAddresses(text: string): PiiEntity[] {
  const ipv4 = Array.from(text.matchAll(ipv4Pattern)).filter(
    (match) =>
      ipaddr.IPv4.isValidFourPartDecimal(match[0]) &&
      !versionCue.test(text.slice(Math.max(0, match.index - 20), match.index)),
  );
  const ipv6 = Array.from(text.matchAll(ipv6Pattern)).filter(
    (match) => /[0-9A-Fa-f]/.test(match[0]) && ipaddr.IPv6.isValid(match[0]),
  );
  return [...ipv4, ...ipv6].map((match) => ({
    type: 'IP_ADDRESS',
    start: match.index,
    end: match.index + match[0].length,
  }));
}
