import { Provider, signal } from '@angular/core';
import { PeerInfo } from '@webrtc-call/signaling-contracts';
import { CallMediaControlsService } from '../app/call/call-media-controls.service';
import { CallQualityReportService } from '../app/call/call-quality-report.service';
import { CallStateService } from '../app/call/call-state.service';
import { MediaService } from '../app/call/media.service';
import { PEER_CONNECTION_FACTORY } from '../app/call/peer-connection-factory';
import { RoomConnectionService } from '../app/call/room-connection.service';
import { SignalingTicketService } from '../app/call/signaling-ticket.service';
import { SignalingService, WEB_SOCKET_FACTORY } from '../app/call/signaling.service';
import { AuthService } from '../app/core/auth.service';
import { FakePeerConnection, flushPromises } from './fake-peer-connection';
import { FakeSignalingTickets } from './fake-signaling-tickets';
import { FakeWebSocket } from './fake-web-socket';

/**
 * The call services as the call page provides them, over a fake socket, a ticket endpoint that always
 * issues one (inject FakeSignalingTickets to make it refuse) and fake peer connections.
 */
export function callTestProviders(expireSession: () => void = () => undefined): Provider[] {
  return [
    CallStateService,
    CallMediaControlsService,
    CallQualityReportService,
    MediaService,
    SignalingService,
    RoomConnectionService,
    { provide: AuthService, useValue: { token: signal('tok'), expireSession, isGuest: signal(false) } },
    FakeSignalingTickets,
    { provide: SignalingTicketService, useExisting: FakeSignalingTickets },
    { provide: WEB_SOCKET_FACTORY, useValue: FakeWebSocket.factory },
    { provide: PEER_CONNECTION_FACTORY, useValue: FakePeerConnection.factory },
  ];
}

/** The server's `resp-join` seating Bob (peer-bob) in room r1 with the given peers. */
export function respJoin(peers: PeerInfo[], extra: Record<string, unknown> = {}) {
  return {
    event: 'resp-join',
    data: {
      roomId: 'r1',
      selfId: 'peer-bob',
      peers,
      capacity: 4,
      iceServers: [],
      resumeToken: 'rt-1',
      resumed: false,
      resumeWindowMs: 30000,
      keepaliveIntervalMs: 5000,
      ...extra,
    },
  };
}

/** Joins room r1 and lets the server confirm it with `joined` (a `respJoin(...)` frame). */
export async function joinAs(
  call: CallStateService,
  joined: ReturnType<typeof respJoin>,
  options: { receiveOnly?: boolean } = {},
): Promise<void> {
  await call.join('r1', options);
  const socket = FakeWebSocket.latest();
  socket.serverOpen();
  socket.serverSend(joined);
  await flushPromises();
}
