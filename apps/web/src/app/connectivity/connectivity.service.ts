import { inject, Injectable } from '@angular/core';
import { PEER_CONNECTION_FACTORY } from '../call/peer-connection-factory';
import { CandidateError, GatheredCandidate, GatheringResult, parseCandidate } from './connectivity-check';

export const GATHER_TIMEOUT_MS = 10000;

/** Gathers ICE candidates with the given servers, like the WebRTC "trickle ICE" sample. */
@Injectable({ providedIn: 'root' })
export class ConnectivityService {
  private readonly createPeerConnection = inject(PEER_CONNECTION_FACTORY);

  async gather(
    iceServers: RTCIceServer[],
    onCandidate: (candidate: GatheredCandidate) => void,
    timeoutMs = GATHER_TIMEOUT_MS,
  ): Promise<GatheringResult> {
    const pc = this.createPeerConnection({ iceServers, iceCandidatePoolSize: 0 });
    const started = performance.now();
    const candidates: GatheredCandidate[] = [];
    const errors: CandidateError[] = [];
    try {
      const finished = new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), timeoutMs);
        pc.onicecandidate = (event: RTCPeerConnectionIceEvent) => {
          if (!event.candidate) {
            clearTimeout(timer);
            resolve(false);
            return;
          }
          const candidate = parseCandidate(event.candidate.candidate, Math.round(performance.now() - started));
          if (!candidate) return;
          candidates.push(candidate);
          onCandidate(candidate);
        };
        pc.onicecandidateerror = (event: Event) => {
          const e = event as RTCPeerConnectionIceErrorEvent;
          errors.push({ url: e.url, errorCode: e.errorCode, errorText: e.errorText });
        };
      });
      // A data channel is enough to make the browser gather; no camera needed.
      pc.createDataChannel('connectivity-check');
      await pc.setLocalDescription(await pc.createOffer());
      const timedOut = await finished;
      return { candidates, errors, durationMs: Math.round(performance.now() - started), timedOut };
    } finally {
      pc.onicecandidate = null;
      pc.onicecandidateerror = null;
      pc.close();
    }
  }
}
