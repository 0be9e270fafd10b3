import { createHash, createHmac, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { isIPv4 } from 'node:net';

/** The IPv4 address of an XOR-…-ADDRESS attribute value (RFC 8489 §14.2). */
export function xorIpv4(value: Buffer | undefined): string | null {
  if (!value || value.length < 8 || value[1] !== 0x01) return null;
  const cookie = Buffer.alloc(4);
  cookie.writeUInt32BE(0x2112a442, 0);
  return [0, 1, 2, 3].map((i) => value[4 + i] ^ cookie[i]).join('.');
}

/** A minimal TURN (RFC 8656) client over UDP: Allocate and CreatePermission with long-term credentials. */

const MAGIC_COOKIE = 0x2112a442;
const METHOD = { allocate: 0x003, createPermission: 0x008 } as const;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorPeerAddress: 0x0012,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  requestedAddressFamily: 0x0017,
} as const;
const UDP = 17;

export interface TurnResponse {
  /** 'success' or the error code, e.g. 401, 403. */
  outcome: 'success' | number;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, padding]);
}

function xorAddress(ip: string, port: number, transactionId: Buffer): Buffer {
  const v4 = isIPv4(ip);
  const value = Buffer.alloc(v4 ? 8 : 20);
  value.writeUInt8(v4 ? 0x01 : 0x02, 1);
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const key = Buffer.alloc(16);
  key.writeUInt32BE(MAGIC_COOKIE, 0);
  transactionId.copy(key, 4);
  const raw = v4 ? Buffer.from(ip.split('.').map(Number)) : ipv6Bytes(ip);
  for (let i = 0; i < raw.length; i++) value[4 + i] = raw[i] ^ key[i];
  return value;
}

function ipv6Bytes(ip: string): Buffer {
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  let text = ip;
  if (mapped) {
    const [a, b, c, d] = mapped[2].split('.').map(Number);
    text = `${mapped[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail = ''] = text.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const parts = text.includes('::')
    ? [...headParts, ...Array(8 - headParts.length - tailParts.length).fill('0'), ...tailParts]
    : headParts;
  const bytes = Buffer.alloc(16);
  parts.forEach((part, i) => bytes.writeUInt16BE(parseInt(part, 16), i * 2));
  return bytes;
}

function encode(method: number, transactionId: Buffer, attributes: Buffer[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt16BE(method, 0); // class bits 00 = request
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  if (!integrityKey) {
    header.writeUInt16BE(body.length, 2);
    return Buffer.concat([header, body]);
  }
  // The length covers MESSAGE-INTEGRITY itself (24 bytes) while the HMAC covers everything before it.
  header.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey)
    .update(Buffer.concat([header, body]))
    .digest();
  return Buffer.concat([header, body, attribute(ATTR.messageIntegrity, mac)]);
}

function decode(message: Buffer): { transactionId: Buffer; isError: boolean; attributes: Map<number, Buffer> } {
  const type = message.readUInt16BE(0);
  const length = message.readUInt16BE(2);
  const attributes = new Map<number, Buffer>();
  let offset = 20;
  while (offset + 4 <= 20 + length) {
    const attrType = message.readUInt16BE(offset);
    const attrLength = message.readUInt16BE(offset + 2);
    attributes.set(attrType, message.subarray(offset + 4, offset + 4 + attrLength));
    offset += 4 + attrLength + ((4 - (attrLength % 4)) % 4);
  }
  return { transactionId: message.subarray(8, 20), isError: (type & 0x0110) === 0x0110, attributes };
}

export class TurnClient {
  private readonly socket = dgram.createSocket('udp4');
  private realm?: Buffer;
  private nonce?: Buffer;
  private key?: Buffer;

  constructor(
    private readonly server: { host: string; port: number },
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Allocates a UDP relay: first unauthenticated to learn realm and nonce, then with credentials. */
  async allocate(family: 'ipv4' | 'ipv6' = 'ipv4'): Promise<TurnResponse> {
    const transport = [attribute(ATTR.requestedTransport, Buffer.from([UDP, 0, 0, 0]))];
    if (family === 'ipv6') transport.push(attribute(ATTR.requestedAddressFamily, Buffer.from([0x02, 0, 0, 0])));
    const challenge = await this.request(METHOD.allocate, transport, false);
    if (challenge.outcome !== 401) return challenge;
    this.realm = challenge.attributes.get(ATTR.realm);
    this.nonce = challenge.attributes.get(ATTR.nonce);
    if (!this.realm || !this.nonce) throw new Error('401 without REALM/NONCE');
    this.key = createHash('md5').update(`${this.username}:${this.realm.toString()}:${this.password}`).digest();
    return this.request(METHOD.allocate, transport, true);
  }

  /** Asks the server to let `peerIp` send to our relay; a server that denies the address answers 403. */
  createPermission(peerIp: string, peerPort = 9): Promise<TurnResponse> {
    return this.request(METHOD.createPermission, [], true, (tid) => [
      attribute(ATTR.xorPeerAddress, xorAddress(peerIp, peerPort, tid)),
    ]);
  }

  close(): void {
    this.socket.close();
  }

  private request(
    method: number,
    attributes: Buffer[],
    authenticated: boolean,
    perTransaction: (transactionId: Buffer) => Buffer[] = () => [],
  ): Promise<TurnResponse> {
    const transactionId = randomBytes(12);
    const auth =
      authenticated && this.realm && this.nonce
        ? [
            attribute(ATTR.username, Buffer.from(this.username)),
            attribute(ATTR.realm, this.realm),
            attribute(ATTR.nonce, this.nonce),
          ]
        : [];
    const message = encode(
      method,
      transactionId,
      [...attributes, ...perTransaction(transactionId), ...auth],
      authenticated ? this.key : undefined,
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        reject(new Error('TURN request timed out'));
      }, 3000);
      const onMessage = (reply: Buffer) => {
        const decoded = decode(reply);
        if (!decoded.transactionId.equals(transactionId)) return;
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        const error = decoded.attributes.get(ATTR.errorCode);
        const outcome = decoded.isError && error ? (error[2] & 0x07) * 100 + error[3] : 'success';
        resolve({ outcome, attributes: decoded.attributes });
      };
      this.socket.on('message', onMessage);
      this.socket.send(message, this.server.port, this.server.host);
    });
  }
}

export { ATTR as TURN_ATTRIBUTE };
