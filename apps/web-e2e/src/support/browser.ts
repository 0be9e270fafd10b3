import { Browser, chromium, Page } from 'playwright-core';

export interface ChromiumOptions {
  /** false: a machine with microphones but no camera at all (getUserMedia with video fails NotFoundError). */
  camera?: boolean;
  /** Another executable that runs Chromium (e.g. inside a network namespace). */
  executablePath?: string;
  /** An http:// origin to treat as secure (camera access off localhost without TLS). */
  secureOrigin?: string;
}

/** Debian's Chromium with a fake camera and microphone that need no permission prompt. */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.executablePath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      options.camera === false
        ? '--use-fake-device-for-media-stream=device-count=0'
        : '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      // getDisplayMedia picks the whole (virtual) screen without a picker.
      '--auto-select-desktop-capture-source=Entire screen',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.secureOrigin ? [`--unsafely-treat-insecure-origin-as-secure=${options.secureOrigin}`] : []),
    ],
  });
}

declare global {
  interface Window {
    __peerConnections: RTCPeerConnection[];
    __localTracks: MediaStreamTrack[];
    __sockets: WebSocket[];
  }
}

/** Lets the test read every RTCPeerConnection and captured track the page creates, without touching the app. */
export async function instrument(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__peerConnections = [];
    window.__localTracks = [];
    window.__sockets = [];
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        window.__sockets.push(this);
      }
    } as typeof WebSocket;
    const Native = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Native {
      constructor(config?: RTCConfiguration) {
        super(config);
        window.__peerConnections.push(this);
      }
    } as typeof RTCPeerConnection;
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      window.__localTracks.push(...stream.getTracks());
      return stream;
    };
  });
}

export interface ReceiveState {
  connectionState: RTCPeerConnectionState;
  framesDecoded: number;
  audioPackets: number;
}

/** Connection state, decoded remote video frames and received audio packets of the page's open connections. */
export function receiveState(page: Page): Promise<ReceiveState[]> {
  return page.evaluate(async () => {
    const open = window.__peerConnections.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      open.map(async (pc) => {
        let framesDecoded = 0;
        let audioPackets = 0;
        (await pc.getStats()).forEach(
          (report: { type: string; kind?: string; framesDecoded?: number; packetsReceived?: number }) => {
            if (report.type !== 'inbound-rtp') return;
            if (report.kind === 'video') framesDecoded += report.framesDecoded ?? 0;
            if (report.kind === 'audio') audioPackets += report.packetsReceived ?? 0;
          },
        );
        return { connectionState: pc.connectionState, framesDecoded, audioPackets };
      }),
    );
  });
}

/** Polls until the page has `peers` connected connections that all decode fresh video frames. */
export async function expectDecodingFrom(page: Page, peers: number, timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let baseline: number[] | undefined;
  for (;;) {
    const states = await receiveState(page);
    const live =
      states.length === peers && states.every((s) => s.connectionState === 'connected' && s.framesDecoded > 0);
    if (!live) baseline = undefined;
    else if (!baseline) baseline = states.map((s) => s.framesDecoded);
    else if (states.every((s, i) => s.framesDecoded > (baseline as number[])[i] + 10)) return;
    if (Date.now() > deadline) throw new Error(`not decoding from ${peers} peers: ${JSON.stringify(states)}`);
    await page.waitForTimeout(300);
  }
}

/** Closes the page's open signaling sockets from outside the app, as a network drop or proxy restart would. */
export function dropSockets(page: Page): Promise<number> {
  return page.evaluate(() => {
    const open = window.__sockets.filter((socket) => socket.readyState === WebSocket.OPEN);
    for (const socket of open) socket.close();
    return open.length;
  });
}

/** Labels of the video tracks the page is sending on each open connection (camera vs "screen:…"). */
export function sentVideoLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    window.__peerConnections
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((sender) => sender.track?.kind === 'video')
      .map((sender) => sender.track?.label ?? ''),
  );
}
