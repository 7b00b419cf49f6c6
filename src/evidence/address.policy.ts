import { isIP } from 'node:net';

/** Why an address may not be contacted, or 'public'. */
export type AddressKind =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'unique-local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'reserved'
  | 'invalid';

/** IPv4 ranges that are not the public internet, as [first octets as number, prefix length, kind]. */
const V4_RANGES: [string, number, AddressKind][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToNumber(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const V4_TABLE = V4_RANGES.map(([base, bits, kind]) => {
  const size = 2 ** (32 - bits);
  return { start: v4ToNumber(base), size, kind };
});

function classifyV4(ip: string): AddressKind {
  const n = v4ToNumber(ip);
  for (const r of V4_TABLE) if (n >= r.start && n < r.start + r.size) return r.kind;
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (valid per net.isIP; an embedded IPv4 tail allowed). */
function v6Groups(ip: string): number[] {
  let s = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const n = v4ToNumber(v4[1]);
    s = `${s.slice(0, -v4[1].length)}${Math.floor(n / 65536).toString(16)}:${(n % 65536).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  if (!s.includes('::')) return parse(s);
  const [head, tail] = s.split('::');
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function classifyV6(ip: string): AddressKind {
  const g = v6Groups(ip);
  const embeddedV4 = (hi: number, lo: number) => classifyV4(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): judge the IPv4 address.
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return embeddedV4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6], g[7]);
  if (g[0] === 0x2002) return embeddedV4(g[1], g[2]); // 6to4
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local
  if ((g[0] & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'reserved'; // documentation
  if (zeros(0, 6)) return 'reserved'; // other ::/96 forms
  return 'public';
}

/**
 * What kind of address an IP literal is: loopback, private (RFC 1918), link-local,
 * unique-local, CGNAT, multicast, unspecified, reserved (documentation, benchmarking …) or
 * public. IPv4 addresses inside IPv6 (mapped, compatible, NAT64, 6to4) are judged as IPv4.
 * Brackets and an IPv6 zone ("fe80::1%eth0") are accepted.
 */
export function classifyAddress(address: string): AddressKind {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(ip);
  if (version === 4) return classifyV4(ip);
  if (version === 6) return classifyV6(ip.toLowerCase());
  return 'invalid';
}

/** The default address policy: only public addresses may be contacted. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}
