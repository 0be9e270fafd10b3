import type { PeerInfo } from '@webrtc-call/signaling-contracts';
import type { Seat } from './seat';
import { parseJsonObject } from '../../common/json-object';

/** A seat as Redis keeps it, short-keyed because every frame to a room reads all of them. */
export interface SeatRecord {
  /** peer id */ p: string;
  /** user id */ u: string;
  /** display name */ n: string;
  /** audio, video */ a: boolean;
  v: boolean;
  /** owning instance */ i: string;
  /** resume token */ t: string;
  /** room capacity */ c: number;
  /** held (its instance died) until this time, ms since the epoch */ h?: number;
}

/** A seat this instance holds for a resume is marked held too, so that frames for it wait in Redis. */
export function toRecord(seat: Seat, instanceId: string): SeatRecord {
  const heldUntil = seat.heldUntilMs;
  return {
    p: seat.id,
    u: seat.user.id,
    n: seat.user.displayName,
    a: seat.audio,
    v: seat.video,
    i: instanceId,
    t: seat.resumeToken,
    c: seat.capacity,
    ...(heldUntil === null ? {} : { h: heldUntil }),
  };
}

export function toPeerInfo(record: SeatRecord, reconnecting = record.h !== undefined): PeerInfo {
  const info: PeerInfo = {
    peerId: record.p,
    userId: record.u,
    displayName: record.n,
    audio: record.a,
    video: record.v,
  };
  if (reconnecting) info.reconnecting = true;
  return info;
}

/** What Redis returned, checked field by field: anything read back from outside the process is untrusted. */
export function parseRecord(raw: unknown): SeatRecord | null {
  if (typeof raw !== 'string' || raw.length > 4096) return null;
  const r = parseJsonObject(raw);
  if (!r) return null;
  const strings = ['p', 'u', 'n', 'i', 't'].every((key) => typeof r[key] === 'string');
  const flags = typeof r['a'] === 'boolean' && typeof r['v'] === 'boolean';
  const numbers = typeof r['c'] === 'number' && (r['h'] === undefined || typeof r['h'] === 'number');
  if (!strings || !flags || !numbers) return null;
  const record: SeatRecord = {
    p: r['p'] as string,
    u: r['u'] as string,
    n: r['n'] as string,
    a: r['a'] as boolean,
    v: r['v'] as boolean,
    i: r['i'] as string,
    t: r['t'] as string,
    c: r['c'] as number,
  };
  if (r['h'] !== undefined) record.h = r['h'] as number;
  return record;
}
