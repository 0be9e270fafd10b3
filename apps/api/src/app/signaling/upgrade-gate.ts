import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import proxyAddr from 'proxy-addr';
import { addressKey } from '../../common/client-address';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import { Credentials } from '../invites/credentials';
import { SignalingTickets } from './signaling-tickets';

type Verdict = (ok: boolean, status?: number, message?: string, headers?: OutgoingHttpHeaders) => void;

/**
 * Checks the credential of a WebSocket upgrade before the socket exists: `?ticket=` (single use) or
 * `?token=` (an account's or a guest's access token). A bad one gets HTTP 401 and no socket; too many checks in flight from
 * one client address get 429. Plugged into `ws` as its `verifyClient` hook.
 */
@Injectable()
export class UpgradeGate {
  private readonly pending = new Map<string, number>();
  private readonly users = new WeakMap<IncomingMessage, AuthUser>();

  constructor(
    private readonly config: AppConfig,
    private readonly credentials: Credentials,
    private readonly tickets: SignalingTickets,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  readonly verifyClient = (info: { req: IncomingMessage }, verdict: Verdict): void => {
    const address = this.clientAddress(info.req);
    const inFlight = this.pending.get(address) ?? 0;
    if (inFlight >= this.config.signaling.maxPendingUpgradesPerAddress) {
      return verdict(false, 429, 'Too Many Requests', { 'Retry-After': '1' });
    }
    this.pending.set(address, inFlight + 1);
    void this.authenticate(info.req).then(
      (user) => {
        this.settle(address);
        if (!user) return verdict(false, 401, 'Unauthorized');
        this.users.set(info.req, user);
        verdict(true);
      },
      // The credential could not be checked (the database did not answer): not a reason to log the client out.
      () => {
        this.settle(address);
        verdict(false, 503, 'Service Unavailable', { 'Retry-After': '5' });
      },
    );
  };

  /** The user whose credential opened this upgrade. */
  userOf(request: IncomingMessage): AuthUser | undefined {
    return this.users.get(request);
  }

  private authenticate(request: IncomingMessage): Promise<AuthUser | null> {
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const ticket = query.get('ticket');
    if (ticket) return this.tickets.redeem(ticket);
    const token = query.get('token');
    return token ? this.credentials.authenticate(token) : Promise.resolve(null);
  }

  private settle(address: string): void {
    const left = (this.pending.get(address) ?? 1) - 1;
    if (left > 0) this.pending.set(address, left);
    else this.pending.delete(address);
  }

  /** The client's address as Express sees it, so TRUST_PROXY applies to sockets too; IPv6 per /64. */
  private clientAddress(request: IncomingMessage): string {
    const express = this.adapterHost.httpAdapter?.getInstance() as { get(setting: string): unknown } | undefined;
    const trust = express?.get('trust proxy fn');
    if (typeof trust !== 'function') return addressKey(request.socket.remoteAddress);
    return addressKey(proxyAddr(request, trust as (address: string, hop: number) => boolean));
  }
}
