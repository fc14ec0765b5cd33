/**
 * Which network addresses a webhook may never reach (the SSRF guard's address policy). The policy
 * is default-deny: only global unicast addresses pass, and every special-purpose range is refused,
 * including ranges a future ipaddr.js release adds. IPv6 forms that carry an IPv4 address
 * (mapped, compatible, translated, NAT64, 6to4, Teredo) are judged by the IPv4 address they carry,
 * because that is where the packets end up.
 */
import ipaddr from 'ipaddr.js';

/** Why an address is refused; words for a reason a customer may read, never the address itself. */
export type RefusedAddressCategory =
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'broadcast'
  | 'multicast'
  | 'carrier-grade NAT'
  | 'benchmarking'
  | 'reserved';

/** The category that makes `address` unreachable for webhooks, or undefined for a public address. */
export function refusedAddressCategory(address: string): RefusedAddressCategory | undefined {
  if (!ipaddr.isValid(address)) return 'reserved';
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4'
    ? ipv4Category(parsed as ipaddr.IPv4)
    : ipv6Category(parsed as ipaddr.IPv6);
}

function ipv4Category(address: ipaddr.IPv4): RefusedAddressCategory | undefined {
  switch (address.range()) {
    case 'unicast':
      return undefined;
    case 'unspecified':
      return 'unspecified';
    case 'broadcast':
      return 'broadcast';
    case 'multicast':
      return 'multicast';
    case 'linkLocal':
      return 'link-local';
    case 'loopback':
      return 'loopback';
    case 'private':
      return 'private';
    case 'carrierGradeNat':
      return 'carrier-grade NAT';
    case 'benchmarking':
      return 'benchmarking';
    default:
      return 'reserved';
  }
}

const nat64WellKnownPrefix = ipaddr.parseCIDR('64:ff9b::/96');

function ipv6Category(address: ipaddr.IPv6): RefusedAddressCategory | undefined {
  const parts = address.parts;
  switch (address.range()) {
    case 'unicast':
      // IPv4-compatible (::a.b.c.d, deprecated) is global unicast to ipaddr.js but carries IPv4.
      return parts.slice(0, 6).every((part) => part === 0)
        ? ipv4Category(embeddedIPv4(parts[6]!, parts[7]!))
        : undefined;
    case 'ipv4Mapped':
    case 'rfc6145':
      return ipv4Category(embeddedIPv4(parts[6]!, parts[7]!));
    case 'rfc6052':
      // Only the well-known NAT64 prefix has a fixed place for the IPv4 address; the local-use
      // prefix (64:ff9b:1::/48) translates into the operator's own network.
      return address.match(nat64WellKnownPrefix)
        ? ipv4Category(embeddedIPv4(parts[6]!, parts[7]!))
        : 'private';
    case '6to4':
      return ipv4Category(embeddedIPv4(parts[1]!, parts[2]!));
    case 'teredo':
      // Teredo carries the relay server in bits 32-63 and the client, inverted, in bits 96-127.
      return (
        ipv4Category(embeddedIPv4(parts[2]!, parts[3]!)) ??
        ipv4Category(embeddedIPv4(parts[6]! ^ 0xffff, parts[7]! ^ 0xffff))
      );
    case 'unspecified':
      return 'unspecified';
    case 'loopback':
      return 'loopback';
    case 'linkLocal':
      return 'link-local';
    case 'multicast':
      return 'multicast';
    case 'uniqueLocal':
      return 'private';
    case 'benchmarking':
      return 'benchmarking';
    default:
      // Site-local, discard, ORCHID, documentation and whatever ipaddr.js classifies next.
      return 'reserved';
  }
}

function embeddedIPv4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
