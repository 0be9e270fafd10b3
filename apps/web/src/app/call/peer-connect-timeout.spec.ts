import { FakePeerConnection } from '../../testing/fake-peer-connection';
import { PeerMesh, PeerMeshEvent } from './peer-mesh';
import { unreachableReason } from './peer-session';
import { peerBadge, unreachableSentence } from './remote-peer';

const TURN = { iceServers: [{ urls: 'turn:turn.example:3478', username: 'u', credential: 'c' }] };
const STUN_ONLY = { iceServers: [{ urls: 'stun:stun.example:3478' }] };

/** Lets the promises of a give-up (getStats) settle; timers are fake here. */
async function flushPromises(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A connection that finds no path says so within a bound, instead of restarting ICE forever. */
describe('PeerMesh connect timeout', () => {
  let events: PeerMeshEvent[];
  let mesh: PeerMesh;
  const pc = () => FakePeerConnection.instances[0];
  const gathered = (...types: string[]) =>
    pc().getStats.mockResolvedValue(
      new Map(
        types.map((type, i) => [`c${i}`, { type: 'local-candidate', candidateType: type }]),
      ) as unknown as RTCStatsReport,
    );
  const unreachable = () => events.filter((event) => event.type === 'unreachable');

  const start = (configuration: RTCConfiguration) => {
    mesh = new PeerMesh({
      selfId: 'm-self',
      configuration,
      createPeerConnection: FakePeerConnection.factory,
      localStream: null,
      send: () => undefined,
      connectTimeoutMs: 30000,
    });
    mesh.events$.subscribe((event) => events.push(event));
    mesh.connect('peer', 'await-offer');
  };

  beforeEach(() => {
    jest.useFakeTimers();
    FakePeerConnection.reset();
    events = [];
  });
  afterEach(() => {
    mesh.close();
    jest.useRealTimers();
  });

  it('gives up after the timeout without a connection: says why and stops restarting ICE', async () => {
    start(TURN);
    gathered('host', 'srflx');
    pc().setConnectionState('failed');
    expect(pc().restartIce).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(29999);
    await flushPromises();
    expect(unreachable()).toEqual([]);
    jest.advanceTimersByTime(1);
    await flushPromises();
    expect(unreachable()).toEqual([{ type: 'unreachable', peerId: 'peer', reason: 'relay-unreachable' }]);
    pc().setConnectionState('failed');
    jest.advanceTimersByTime(10000);
    expect(pc().restartIce).toHaveBeenCalledTimes(1);
  });

  it('tells a relay that did not get through from no relay at all', async () => {
    start(TURN);
    gathered('host', 'srflx', 'relay');
    jest.advanceTimersByTime(30000);
    await flushPromises();
    mesh.close();
    FakePeerConnection.reset();
    start(STUN_ONLY);
    gathered('host', 'srflx');
    jest.advanceTimersByTime(30000);
    await flushPromises();
    expect(unreachable().map((event) => event.type === 'unreachable' && event.reason)).toEqual(['no-path', 'no-relay']);
  });

  it('says nothing when the connection comes up in time, and times a lost connection afresh', async () => {
    start(TURN);
    jest.advanceTimersByTime(20000);
    pc().setConnectionState('connected');
    jest.advanceTimersByTime(60000);
    await flushPromises();
    expect(unreachable()).toEqual([]);
    pc().setConnectionState('disconnected');
    jest.advanceTimersByTime(29000);
    pc().setConnectionState('failed');
    jest.advanceTimersByTime(1000);
    await flushPromises();
    expect(unreachable()).toHaveLength(1);
  });

  it('tries again on retry(): clears the reason, restarts ICE, and gives up again after another timeout', async () => {
    start(TURN);
    jest.advanceTimersByTime(30000);
    await flushPromises();
    mesh.retry('peer');
    expect(events.at(-1)).toEqual({ type: 'unreachable', peerId: 'peer', reason: null });
    expect(pc().restartIce).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(30000);
    await flushPromises();
    expect(unreachable()).toHaveLength(3);
  });
});

describe('unreachable peers in the view', () => {
  it('picks the reason from the configuration and the candidates gathered', () => {
    expect(unreachableReason(false, ['host'])).toBe('no-relay');
    expect(unreachableReason(true, ['host', 'srflx'])).toBe('relay-unreachable');
    expect(unreachableReason(true, ['relay'])).toBe('no-path');
  });

  it('shows the tile as failed with a sentence that names the peer and the cause', () => {
    expect(peerBadge({ connectionState: 'connecting', reconnecting: false, unreachable: 'no-path' }, false)).toBe(
      'failed',
    );
    expect(unreachableSentence('relay-unreachable', 'Bob')).toBe(
      'Could not connect to Bob: no direct path between your networks, and the relay server (TURN) cannot be reached from yours.',
    );
  });
});
