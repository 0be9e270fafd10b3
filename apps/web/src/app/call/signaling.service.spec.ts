import { TestBed } from '@angular/core/testing';
import { KEEPALIVE_INTERVAL_MS, ServerMessage } from '@webrtc-call/signaling-contracts';
import { FakeWebSocket } from '../../testing/fake-web-socket';
import { SignalingClosed, SignalingService, signalingUrl, WEB_SOCKET_FACTORY } from './signaling.service';

describe('signalingUrl', () => {
  it('follows the page scheme and host and carries the ticket', () => {
    expect(signalingUrl('t k', { protocol: 'https:', host: 'call.example.org' })).toBe(
      'wss://call.example.org/ws?ticket=t%20k',
    );
    expect(signalingUrl('tk', { protocol: 'http:', host: 'localhost:4200' })).toBe('ws://localhost:4200/ws?ticket=tk');
  });
});

describe('SignalingService', () => {
  let service: SignalingService;
  let messages: ServerMessage[];
  let closed: SignalingClosed[];

  beforeEach(() => {
    jest.useFakeTimers();
    FakeWebSocket.reset();
    TestBed.configureTestingModule({
      providers: [SignalingService, { provide: WEB_SOCKET_FACTORY, useValue: FakeWebSocket.factory }],
    });
    service = TestBed.inject(SignalingService);
    messages = [];
    closed = [];
    service.messages$.subscribe((message) => messages.push(message));
    service.closed$.subscribe((event) => closed.push(event));
  });

  afterEach(() => jest.useRealTimers());

  it('queues frames sent while connecting and flushes them in order on open', () => {
    service.connect('tok');
    service.send('join', { roomId: 'r1' });
    const socket = FakeWebSocket.latest();
    expect(socket.sent).toEqual([]);

    socket.serverOpen();
    service.send('leave', {});

    expect(socket.sent).toEqual([
      { event: 'join', data: { roomId: 'r1' } },
      { event: 'leave', data: {} },
    ]);
  });

  it('sends keepalive every KEEPALIVE_INTERVAL_MS while open and stops after close()', () => {
    service.connect('tok');
    const socket = FakeWebSocket.latest();
    socket.serverOpen();

    jest.advanceTimersByTime(KEEPALIVE_INTERVAL_MS * 2);
    expect(socket.sentEvents()).toEqual(['keepalive', 'keepalive']);

    service.close();
    jest.advanceTimersByTime(KEEPALIVE_INTERVAL_MS * 2);
    expect(socket.sentEvents()).toEqual(['keepalive', 'keepalive']);
    expect(socket.close).toHaveBeenCalledWith(1000, 'leaving');
    expect(closed).toEqual([]);
  });

  it('switches to the keepalive interval it is given, at once and for the sockets after', () => {
    service.connect('tk');
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    jest.advanceTimersByTime(KEEPALIVE_INTERVAL_MS - 1);
    expect(socket.sentEvents()).toEqual([]);

    service.setKeepaliveInterval(2000);
    jest.advanceTimersByTime(4000);
    expect(socket.sentEvents()).toEqual(['keepalive', 'keepalive']);

    service.connect('tk-2');
    FakeWebSocket.latest().serverOpen();
    jest.advanceTimersByTime(2000);
    expect(FakeWebSocket.latest().sentEvents()).toEqual(['keepalive']);
  });

  it('does not let a server flood its own socket with keepalives', () => {
    service.connect('tk');
    const socket = FakeWebSocket.latest();
    socket.serverOpen();
    service.setKeepaliveInterval(1);
    jest.advanceTimersByTime(999);
    expect(socket.sentEvents()).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(socket.sentEvents()).toEqual(['keepalive']);
  });

  it('emits well-formed frames and logs and drops the rest', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    service.connect('tok');
    const socket = FakeWebSocket.latest();
    socket.serverOpen();

    socket.serverSend({ event: 'peer-leave', data: { peerId: 'p1' } });
    socket.serverSend('{not json');
    socket.serverSend({ data: {} });
    socket.serverSend([1, 2]);
    socket.serverSend({ event: 'new-peer', data: { peer: { peerId: 'p2' } } });
    socket.serverSend({ event: 'offer', data: { from: 'p1', sdp: 'v=0' } });
    socket.serverSend({ event: 'surprise', data: {} });
    socket.onmessage?.({ data: new ArrayBuffer(4) } as MessageEvent);
    socket.serverSend({ event: 'chat', data: { from: 'p1', text: 'hi', at: 'now', extra: true } });

    expect(messages).toEqual([
      { event: 'peer-leave', data: { peerId: 'p1' } },
      { event: 'chat', data: { from: 'p1', text: 'hi', at: 'now' } },
    ]);
    expect(warn).toHaveBeenCalledTimes(7);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/new-peer: peer\.userId/), expect.any(String));
    warn.mockRestore();
  });

  it('reports an unexpected close with its code and whether the socket had opened', () => {
    service.connect('tok');
    FakeWebSocket.latest().serverClose(1006);
    service.connect('tok');
    FakeWebSocket.latest().serverOpen();
    FakeWebSocket.latest().serverClose(4401, 'unauthorized');

    expect(closed).toEqual([
      { code: 1006, reason: '', wasOpen: false },
      { code: 4401, reason: 'unauthorized', wasOpen: true },
    ]);
    expect(service.isConnected).toBe(false);
  });
});
