/**
 * Just enough RTCPeerConnection for the mesh, with the signaling state machine of a browser: implicit
 * offers/answers from setLocalDescription(), implicit rollback of our offer when a remote offer arrives,
 * negotiationneeded after addTrack/restartIce (again after a rollback), and remote candidates refused
 * until a remote description is set.
 */
export class FakePeerConnection {
  static readonly instances: FakePeerConnection[] = [];

  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  readonly addedTracks: MediaStreamTrack[] = [];
  readonly addedCandidates: RTCIceCandidateInit[] = [];
  readonly senders: FakeSender[] = [];
  /** How many of our own offers a remote offer rolled back. */
  rollbacks = 0;
  private negotiationNeeded = false;
  private offers = 0;

  onicecandidate: ((event: RTCPeerConnectionIceEvent) => void) | null = null;
  ontrack: ((event: RTCTrackEvent) => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  onnegotiationneeded: (() => void) | null = null;
  onsignalingstatechange: (() => void) | null = null;

  /** Replace to control when setRemoteDescription settles. */
  remoteDescriptionGate: Promise<void> = Promise.resolve();

  readonly close = jest.fn(() => {
    this.connectionState = 'closed';
    this.signalingState = 'closed';
  });
  readonly addTrack = jest.fn((track: MediaStreamTrack) => {
    this.addedTracks.push(track);
    const sender = new FakeSender(track);
    this.senders.push(sender);
    this.markNegotiationNeeded();
    return sender as unknown as RTCRtpSender;
  });
  readonly addTransceiver = jest.fn(() => this.markNegotiationNeeded());
  readonly getSenders = jest.fn(() => this.senders as unknown as RTCRtpSender[]);
  readonly restartIce = jest.fn(() => this.markNegotiationNeeded());
  readonly setConfiguration = jest.fn((configuration: RTCConfiguration) => {
    this.configuration = configuration;
  });
  readonly getConfiguration = jest.fn(() => this.configuration);
  readonly getStats = jest.fn(() => Promise.resolve(new Map() as unknown as RTCStatsReport));

  readonly setLocalDescription = jest.fn(async (description?: RTCSessionDescriptionInit) => {
    await Promise.resolve();
    const type = description?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
    if (type === 'offer') {
      if (this.signalingState !== 'stable' && this.signalingState !== 'have-local-offer') {
        throw new Error(`InvalidStateError: cannot offer in ${this.signalingState}`);
      }
      this.offers++;
      this.negotiationNeeded = false;
      this.localDescription = { type: 'offer', sdp: description?.sdp ?? 'offer-sdp' };
      this.setSignalingState('have-local-offer');
    } else if (type === 'answer') {
      if (this.signalingState !== 'have-remote-offer') throw new Error('InvalidStateError: no remote offer');
      // Our tracks ride along in the answer, so nothing is left to negotiate.
      this.negotiationNeeded = false;
      this.localDescription = { type: 'answer', sdp: description?.sdp ?? 'answer-sdp' };
      this.setSignalingState('stable');
    }
  });
  readonly setRemoteDescription = jest.fn(async (description: RTCSessionDescriptionInit) => {
    await this.remoteDescriptionGate;
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.rollbacks++;
        this.negotiationNeeded = true;
        this.localDescription = null;
        this.setSignalingState('stable');
      }
      if (this.signalingState !== 'stable') throw new Error(`InvalidStateError: offer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.setSignalingState('have-remote-offer');
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer')
        throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
      this.remoteDescription = description;
      this.setSignalingState('stable');
    }
  });
  readonly addIceCandidate = jest.fn((candidate: RTCIceCandidateInit) => {
    if (!this.remoteDescription) return Promise.reject(new Error('InvalidStateError: no remote description'));
    this.addedCandidates.push(candidate);
    return Promise.resolve();
  });

  constructor(public configuration: RTCConfiguration) {
    FakePeerConnection.instances.push(this);
  }

  static reset(): void {
    FakePeerConnection.instances.length = 0;
  }

  static factory = (configuration: RTCConfiguration): RTCPeerConnection =>
    new FakePeerConnection(configuration) as unknown as RTCPeerConnection;

  get offerCount(): number {
    return this.offers;
  }

  /** Simulates the browser gathering a local ICE candidate. */
  emitLocalCandidate(init: RTCIceCandidateInit | null): void {
    const candidate = init ? ({ candidate: init.candidate, toJSON: () => init } as RTCIceCandidate) : null;
    this.onicecandidate?.({ candidate } as RTCPeerConnectionIceEvent);
  }

  emitTrack(stream: MediaStream): void {
    this.ontrack?.({ streams: [stream], track: stream.getTracks()[0] } as unknown as RTCTrackEvent);
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.onconnectionstatechange?.();
  }

  private setSignalingState(state: RTCSignalingState): void {
    this.signalingState = state;
    this.onsignalingstatechange?.();
    if (state === 'stable') this.fireNegotiationNeededSoon();
  }

  private markNegotiationNeeded(): void {
    this.negotiationNeeded = true;
    this.fireNegotiationNeededSoon();
  }

  /** Browsers fire it from a task once the state is stable, and only while still needed. */
  private fireNegotiationNeededSoon(): void {
    setTimeout(() => {
      if (this.negotiationNeeded && this.signalingState === 'stable') this.onnegotiationneeded?.();
    });
  }
}

export class FakeSender {
  parameters: RTCRtpSendParameters = {
    encodings: [{}],
    transactionId: 't',
    codecs: [],
    headerExtensions: [],
    rtcp: {},
  } as RTCRtpSendParameters;
  readonly replaceTrack = jest.fn((track: MediaStreamTrack | null) => {
    this.track = track;
    return Promise.resolve();
  });
  readonly getParameters = jest.fn(() => JSON.parse(JSON.stringify(this.parameters)) as RTCRtpSendParameters);
  readonly setParameters = jest.fn((parameters: RTCRtpSendParameters) => {
    this.parameters = parameters;
    return Promise.resolve();
  });

  constructor(public track: MediaStreamTrack | null) {}
}

export interface FakeTrack {
  kind: 'audio' | 'video';
  enabled: boolean;
  stop: jest.Mock;
}

/** A local stream with one track of each kind asked for (a machine without a camera: `['audio']`). */
export function fakeStream(
  id = 'local',
  kinds: ReadonlyArray<'audio' | 'video'> = ['audio', 'video'],
): { stream: MediaStream; tracks: FakeTrack[] } {
  const tracks: FakeTrack[] = kinds.map((kind) => ({ kind, enabled: true, stop: jest.fn() }));
  const stream = {
    id,
    getTracks: () => tracks,
    getAudioTracks: () => tracks.filter((track) => track.kind === 'audio'),
    getVideoTracks: () => tracks.filter((track) => track.kind === 'video'),
  } as unknown as MediaStream;
  return { stream, tracks };
}

/** Lets every already-settled promise callback and zero-delay timer run (real timers only). */
export async function flushPromises(): Promise<void> {
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 10; i++) await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
