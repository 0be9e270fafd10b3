import type { ServerMessage } from '@webrtc-call/signaling-contracts';
import { MetricsService } from '../metrics/metrics.service';
import type { Peer, PeerTransport } from '../presence/peer';
import { RoomRegistry } from '../presence/room-registry';
import { MAX_QUEUED_FRAMES, PeerMailbox } from './peer-mailbox';

const peer = (transport: PeerTransport | null): Peer => ({
  id: 'p',
  user: { id: 'u', username: 'u', displayName: 'U', role: 'user' },
  roomId: 'r',
  roomCapacity: 2,
  transport,
  audio: true,
  video: true,
  resumeToken: 't',
  queue: [],
  resumeTimer: null,
  turnTimer: null,
});
const chat = (n: number): ServerMessage => ({ event: 'chat', data: { from: 'x', text: String(n), at: '' } });

describe('PeerMailbox', () => {
  it('queues at most 256 frames for a detached peer, dropping the oldest, and flushes them in order', () => {
    const mailbox = new PeerMailbox(new MetricsService(new RoomRegistry()));
    const away = peer(null);
    for (let i = 0; i < MAX_QUEUED_FRAMES + 10; i++) mailbox.deliver(away, chat(i));
    expect(away.queue).toHaveLength(256);

    const sent: ServerMessage[] = [];
    away.transport = {
      isOpen: true,
      send: (m) => sent.push(m),
      close: jest.fn(),
      terminate: jest.fn(),
      ping: jest.fn(),
    };
    mailbox.flush(away);
    expect(sent.map((m) => (m.event === 'chat' ? Number(m.data.text) : -1))).toEqual(
      Array.from({ length: 256 }, (_, i) => i + 10),
    );
    expect(away.queue).toEqual([]);
  });

  it('counts relayed messages per minute', () => {
    const mailbox = new PeerMailbox(new MetricsService(new RoomRegistry()));
    const a = peer({ isOpen: true, send: jest.fn(), close: jest.fn(), terminate: jest.fn(), ping: jest.fn() });
    for (let i = 0; i < 5; i++) {
      mailbox.relay(a, a, {
        event: 'candidate',
        data: { to: 'p', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } },
      });
    }
    expect(mailbox.relayedPerMinute()).toBe(5);
    expect(mailbox.relayedPerMinute(Date.now() + 3 * 60_000)).toBe(0);
  });
});
