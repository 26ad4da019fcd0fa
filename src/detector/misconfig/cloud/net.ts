/** Network helpers the firewall checks share: "any address" CIDRs, protocols and port ranges. */

const ALL_IPS = new Set(['0.0.0.0/0', '0000:0000:0000:0000:0000:0000:0000:0000/0', '::/0', '*']);
const ALL_IPS_KEYWORDS = new Set(['internet', 'any']);
const ALL_PROTOCOLS = new Set(['-1', 'all', '*']);

/** True when the CIDR (or keyword: `*`, `Internet`, `Any`) is every address. */
export function allowsAllIps(cidr: string): boolean {
  return ALL_IPS.has(cidr) || ALL_IPS_KEYWORDS.has(cidr.toLowerCase());
}

/** True for "all protocols" (`-1`, `all`). */
export function isAllProtocols(protocol: string): boolean {
  return ALL_PROTOCOLS.has(protocol.toLowerCase());
}

/** True for TCP, UDP (names or numbers) or all protocols. */
export function isTcpOrUdp(protocol: string): boolean {
  const p = protocol.toLowerCase();
  return ['tcp', '6', 'udp', '17'].includes(p) || isAllProtocols(p);
}

/** True when `port` is in `[from, to]`. */
export function portInRange(from: number, to: number, port: number): boolean {
  return from <= port && port <= to;
}

/** Parses `22`, `20-30` or `*` into a range. */
export function parsePortRange(text: string): [number, number] | undefined {
  const t = text.trim();
  if (t === '*' || t === '') return [0, 65535];
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(t);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? match[1])];
}

/** True for TCP (name or number) or all protocols. */
export function isTcp(protocol: string): boolean {
  const p = protocol.toLowerCase();
  return p === 'tcp' || p === '6' || isAllProtocols(p);
}
