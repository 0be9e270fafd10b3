import * as ipaddr from 'ipaddr.js';

/**
 * The unit per-address limits count: an IPv4 address, or the /64 network of an IPv6 address. One
 * subscriber gets at least a /64 and its hosts pick addresses in it at will, so counting single IPv6
 * addresses would give one client 2^64 budgets. IPv4-mapped IPv6 (`::ffff:192.0.2.1`) counts as IPv4.
 */
export function addressKey(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return address || 'unknown';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${new ipaddr.IPv6([...v6.parts.slice(0, 4), 0, 0, 0, 0]).toString()}/64`;
}
