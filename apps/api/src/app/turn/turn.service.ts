import { Injectable } from '@nestjs/common';
import type { IceServer, TurnCredentials } from '@webrtc-call/signaling-contracts';
import { createHmac } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/** TURN REST API credentials (draft-uberti-behave-turn-rest), the scheme coturn's `use-auth-secret` checks. */
@Injectable()
export class TurnService {
  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.turnSecrets.length > 0 && this.config.turnUris.some((uri) => uri.startsWith('turn'));
  }

  credentials(userId: string, nowMs = Date.now()): TurnCredentials {
    const { turnUris, stunUris, turnTtlSeconds, turnSecrets } = this.config;
    if (!this.configured) {
      return {
        username: null,
        password: null,
        ttl: 0,
        uris: stunUris,
        iceServers: stunUris.length > 0 ? [{ urls: stunUris }] : [],
        turnConfigured: false,
        notice: 'No TURN server is configured: calls work only where the peers can reach each other directly.',
      };
    }
    const username = `${Math.floor(nowMs / 1000) + turnTtlSeconds}:${userId}`;
    const password = createHmac('sha1', turnSecrets[0]).update(username).digest('base64');
    const relays = turnUris.filter((uri) => uri.startsWith('turn'));
    const stuns = [...turnUris.filter((uri) => uri.startsWith('stun')), ...stunUris];
    const iceServers: IceServer[] = [{ urls: relays, username, credential: password }];
    if (stuns.length > 0) iceServers.unshift({ urls: stuns });
    return { username, password, ttl: turnTtlSeconds, uris: [...relays, ...stuns], iceServers, turnConfigured: true };
  }
}
