import { InjectionToken } from '@angular/core';
import { SignalingIceServer } from '@webrtc-call/signaling-contracts';

/** Settings every RTCPeerConnection starts from; ICE servers and the relay policy are added per call. */
export const RTC_CONFIGURATION = new InjectionToken<RTCConfiguration>('RTC_CONFIGURATION', {
  providedIn: 'root',
  factory: () => ({ bundlePolicy: 'max-bundle' }),
});

export function callConfiguration(
  base: RTCConfiguration,
  iceServers: readonly SignalingIceServer[],
  relayOnly: boolean,
): RTCConfiguration {
  return { ...base, iceServers: iceServers.map((s) => ({ ...s })), iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}
