import type { Page } from 'playwright-core';

export interface IceState {
  connectionState: RTCPeerConnectionState;
  framesDecoded: number;
  /** Candidate types of the selected pair (host, srflx, prflx, relay); null before one is selected. */
  selectedLocal: string | null;
  selectedRemote: string | null;
  /** How the local relay candidate reaches the TURN server (udp, tcp, tls), when it is a relay. */
  selectedRelayProtocol: string | null;
  /** The type of every local candidate gathered. */
  localTypes: string[];
}

/** The selected candidate pair, gathered candidates and decoded frames of each open connection of the page. */
export function iceState(page: Page): Promise<IceState[]> {
  return page.evaluate(async () => {
    const open = window.__peerConnections.filter((pc) => pc.connectionState !== 'closed');
    return Promise.all(
      open.map(async (pc) => {
        const reports = new Map<string, Record<string, unknown>>();
        (await pc.getStats()).forEach((r: Record<string, unknown>) => reports.set(r['id'] as string, r));
        let framesDecoded = 0;
        let pairId: string | undefined;
        const localTypes: string[] = [];
        for (const r of reports.values()) {
          if (r['type'] === 'inbound-rtp' && r['kind'] === 'video')
            framesDecoded += (r['framesDecoded'] as number) ?? 0;
          if (r['type'] === 'transport' && r['selectedCandidatePairId'])
            pairId = r['selectedCandidatePairId'] as string;
          if (r['type'] === 'local-candidate') localTypes.push(r['candidateType'] as string);
        }
        const pair = pairId ? reports.get(pairId) : undefined;
        const local = pair ? reports.get(pair['localCandidateId'] as string) : undefined;
        const remote = pair ? reports.get(pair['remoteCandidateId'] as string) : undefined;
        return {
          connectionState: pc.connectionState,
          framesDecoded,
          selectedLocal: (local?.['candidateType'] as string | undefined) ?? null,
          selectedRemote: (remote?.['candidateType'] as string | undefined) ?? null,
          selectedRelayProtocol: (local?.['relayProtocol'] as string | undefined) ?? null,
          localTypes,
        };
      }),
    );
  });
}

/** Waits until the page's one connection is connected and has decoded more than 10 video frames. */
export async function waitForVideo(page: Page, timeoutMs = 45000): Promise<IceState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [state] = await iceState(page);
    if (state && state.connectionState === 'connected' && state.framesDecoded > 10) return state;
    if (Date.now() > deadline) throw new Error(`no video: ${JSON.stringify(state)}`);
    await page.waitForTimeout(200);
  }
}
