import { Browser, chromium, Page } from 'playwright-core';

export interface ChromiumOptions {
  /** false: a machine with microphones but no camera at all (getUserMedia with video fails NotFoundError). */
  camera?: boolean;
}

/** Debian's Chromium with a fake camera and microphone that need no permission prompt. */
export function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
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

export interface VideoReceiveState {
  connectionState: RTCPeerConnectionState;
  framesDecoded: number;
}

/** Connection state and decoded remote video frames of the page's open peer connections. */
export function videoReceiveState(page: Page): Promise<VideoReceiveState[]> {
  return page.evaluate(async () => {
    const open = window.__peerConnections.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      open.map(async (pc) => {
        let framesDecoded = 0;
        (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video') framesDecoded += report.framesDecoded ?? 0;
        });
        return { connectionState: pc.connectionState, framesDecoded };
      }),
    );
  });
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
