import { InjectionToken } from '@angular/core';

export type PeerConnectionFactory = (configuration: RTCConfiguration) => RTCPeerConnection;

/** Indirection so tests can hand the mesh a fake connection. */
export const PEER_CONNECTION_FACTORY = new InjectionToken<PeerConnectionFactory>('PEER_CONNECTION_FACTORY', {
  providedIn: 'root',
  factory: () => (configuration) => new RTCPeerConnection(configuration),
});
