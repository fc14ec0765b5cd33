import { describe, expect, it } from 'vitest';
import { EpilogueError } from '../lib/errors';
import { canonicalAllowedHost, parseAllowedHosts } from '../lib/webhooks/allowed-hosts';
import { type HostLookup, resolveDeliveryTarget } from '../lib/webhooks/delivery-target';
import { refusedAddressCategory } from '../lib/webhooks/refused-address';

const answers =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('refused address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['198.18.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:2::1', 'benchmarking'],
    ['fec0::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:0:a00:1', 'private'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::1', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2001:0:7f00:1::1', 'loopback'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'private'],
    ['not an address', 'reserved'],
  ])('refuses %s as %s', (address, category) => {
    expect(refusedAddressCategory(address)).toBe(category);
  });

  it.each([
    '93.184.215.14',
    '8.8.8.8',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('lets the public address %s through', (address) => {
    expect(refusedAddressCategory(address)).toBeUndefined();
  });
});

describe('resolving a webhook URL to a checked address', () => {
  async function refusal(url: string, lookup?: HostLookup): Promise<EpilogueError> {
    const error = await resolveDeliveryTarget(url, { allowedHosts: [], lookup }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(error).toBeInstanceOf(EpilogueError);
    expect(error).toMatchObject({ type: 'WebhookUrlRefused' });
    return error as EpilogueError;
  }

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://10.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['https://[64:ff9b::a00:1]/', 'private'],
    ['http://0.0.0.0:3000/', 'unspecified'],
  ])('refuses the literal %s, naming the category and not the address', async (url, category) => {
    const error = await refusal(url);
    expect(error.message).toBe(
      `webhook URL refused: the host is an address in a refused range (${category})`,
    );
  });

  it('refuses a host name that resolves to loopback', async () => {
    const error = await refusal('https://hooks.example.com/x', answers('127.0.0.1'));
    expect(error.message).toBe(
      'webhook URL refused: the host resolves to an address in a refused range (loopback)',
    );
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('refuses a host name when any of its addresses is refused, even after a public one', async () => {
    const error = await refusal(
      'https://hooks.example.com/x',
      answers('93.184.215.14', '2606:4700::1111', 'fd00::5'),
    );
    expect(error.message).toContain('(private)');
  });

  it.each([
    ['ftp://hooks.example.com/', 'only http and https URLs are allowed'],
    ['file:///etc/passwd', 'only http and https URLs are allowed'],
    ['gopher://127.0.0.1:6379/_INFO', 'only http and https URLs are allowed'],
    ['http://user:pass@hooks.example.com/', 'URLs with a user name or password are not allowed'],
    ['http://user@hooks.example.com/', 'URLs with a user name or password are not allowed'],
    ['hooks.example.com/x', 'not a valid URL'],
  ])('refuses %s: %s', async (url, reason) => {
    expect((await refusal(url, answers('93.184.215.14'))).message).toBe(
      `webhook URL refused: ${reason}`,
    );
  });

  it('pins the first address of a public host and keeps the host name and port', async () => {
    const target = await resolveDeliveryTarget('https://Hooks.Example.com:8443/in?x=1', {
      allowedHosts: [],
      lookup: answers('2606:4700::1111', '93.184.215.14'),
    });
    expect(target).toMatchObject({
      hostname: 'hooks.example.com',
      port: 8443,
      address: '2606:4700::1111',
      family: 6,
      allowlisted: false,
    });
    expect(target.url.search).toBe('?x=1');
  });

  it('uses the default port of the scheme', async () => {
    const lookup = answers('93.184.215.14');
    expect(
      (await resolveDeliveryTarget('http://a.example/', { allowedHosts: [], lookup })).port,
    ).toBe(80);
    expect(
      (await resolveDeliveryTarget('https://a.example/', { allowedHosts: [], lookup })).port,
    ).toBe(443);
  });

  it('lets an allowlisted host reach a private address, matching case-insensitively', async () => {
    const target = await resolveDeliveryTarget('http://Receiver.Internal:9000/hooks', {
      allowedHosts: ['RECEIVER.internal'],
      lookup: answers('10.1.2.3'),
    });
    expect(target).toMatchObject({ address: '10.1.2.3', allowlisted: true });
  });

  it('matches the allowlist exactly: no subdomains, no parents', async () => {
    const lookup = answers('10.1.2.3');
    await refusal('http://evil.receiver.internal/', lookup);
    await expect(
      resolveDeliveryTarget('http://evil.receiver.internal/', {
        allowedHosts: ['receiver.internal'],
        lookup,
      }),
    ).rejects.toMatchObject({ type: 'WebhookUrlRefused' });
    await expect(
      resolveDeliveryTarget('http://internal/', { allowedHosts: ['receiver.internal'], lookup }),
    ).rejects.toMatchObject({ type: 'WebhookUrlRefused' });
  });

  it('matches allowlisted addresses in any spelling the URL parser accepts', async () => {
    for (const url of ['http://127.0.0.1:1/', 'http://0x7f.1:1/', 'http://2130706433:1/']) {
      const target = await resolveDeliveryTarget(url, { allowedHosts: ['127.0.0.1'] });
      expect(target).toMatchObject({ address: '127.0.0.1', family: 4, allowlisted: true });
    }
    const ipv6 = await resolveDeliveryTarget('http://[0:0::1]:1/', { allowedHosts: ['[::1]'] });
    expect(ipv6).toMatchObject({ hostname: '::1', address: '::1', family: 6 });
  });

  it('passes DNS failures through as retryable errors, not refusals', async () => {
    const notFound = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    await expect(
      resolveDeliveryTarget('https://gone.example/', {
        allowedHosts: [],
        lookup: () => Promise.reject(notFound),
      }),
    ).rejects.toBe(notFound);
  });
});

describe('the operator allowlist', () => {
  it('parses WEBHOOK_ALLOWED_HOSTS into canonical hosts', () => {
    expect(parseAllowedHosts(' Receiver.Internal, 127.0.0.1 ,[::1],,0x7f.2, my_service ')).toEqual([
      'receiver.internal',
      '127.0.0.1',
      '::1',
      '127.0.0.2',
      'my_service',
    ]);
    expect(parseAllowedHosts('')).toEqual([]);
  });

  it.each(['host:8080', 'http://host', 'host/path', 'user@host', '*.internal', '[::1]:80'])(
    'refuses the entry %s, which would not mean what it says',
    (entry) => {
      expect(() => canonicalAllowedHost(entry)).toThrow(
        expect.objectContaining({ type: 'ConfigError' }),
      );
      expect(() => canonicalAllowedHost(entry)).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
    },
  );
});
