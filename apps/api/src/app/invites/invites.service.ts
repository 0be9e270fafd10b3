import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiErrorCode, CreatedInvite, GuestSession, InviteView } from '@webrtc-call/signaling-contracts';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Observable, Subject } from 'rxjs';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth-user';
import { isUuid } from '../../common/uuid';
import { AppConfig } from '../../config/app-config';
import { RoomsService } from '../rooms/rooms.service';
import { CreateInviteDto } from './dto/create-invite.dto';
import { RedeemInviteDto } from './dto/redeem-invite.dto';
import { GuestTokens } from './guest-tokens';
import { Invite, toInviteView } from './invite.entity';

/** Links one room may have at once; enough for any real use, bounded whoever asks. */
export const MAX_INVITES_PER_ROOM = 100;

export interface InviteEvent {
  type: 'revoked';
  inviteId: string;
}

/** SHA-256 of a 256-bit random secret: no salt or slow hash is needed, nobody can guess such a secret. */
function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Invite links of rooms, and the guests they let in. */
@Injectable()
export class InvitesService {
  private readonly events = new Subject<InviteEvent>();
  /** Lets the signaling side close a revoked link's guests without this module knowing it. */
  readonly events$: Observable<InviteEvent> = this.events.asObservable();

  constructor(
    @InjectRepository(Invite) private readonly invites: Repository<Invite>,
    private readonly rooms: RoomsService,
    private readonly tokens: GuestTokens,
    private readonly config: AppConfig,
  ) {}

  async create(roomId: string, caller: AuthUser, dto: CreateInviteDto, nowMs = Date.now()): Promise<CreatedInvite> {
    const room = await this.rooms.getManaged(roomId, caller);
    if ((await this.invites.countBy({ roomId: room.id })) >= MAX_INVITES_PER_ROOM) {
      throw new ForbiddenException({
        code: ApiErrorCode.InviteLimitReached,
        message: `A room can have at most ${MAX_INVITES_PER_ROOM} invite links; revoke one first`,
      });
    }
    const secret = randomBytes(32).toString('base64url');
    const invite = await this.invites.save(
      this.invites.create({
        roomId: room.id,
        secretHash: secretHash(secret),
        createdBy: caller.id,
        expiresAt: dto.expiresInSeconds == null ? null : new Date(nowMs + dto.expiresInSeconds * 1000),
        maxUses: dto.maxUses ?? null,
        uses: 0,
      }),
    );
    return { ...toInviteView(invite), secret };
  }

  async list(roomId: string, caller: AuthUser): Promise<InviteView[]> {
    const room = await this.rooms.getManaged(roomId, caller);
    const invites = await this.invites.find({ where: { roomId: room.id }, order: { createdAt: 'DESC', id: 'ASC' } });
    return invites.map(toInviteView);
  }

  /** The link stops working at once, and every guest it let in loses its token and its sockets. */
  async revoke(roomId: string, inviteId: string, caller: AuthUser): Promise<void> {
    const room = await this.rooms.getManaged(roomId, caller);
    const result = isUuid(inviteId) ? await this.invites.delete({ id: inviteId.toLowerCase(), roomId: room.id }) : null;
    if (!result?.affected) {
      throw new NotFoundException({ code: ApiErrorCode.InviteNotFound, message: 'No such invite link in this room' });
    }
    this.events.next({ type: 'revoked', inviteId: inviteId.toLowerCase() });
  }

  /**
   * A guest identity for the link's room. Unknown, expired and used-up links get the same answer. A use is
   * counted by one conditional update, so parallel sign-ins cannot overshoot `maxUses`.
   */
  async redeem(dto: RedeemInviteDto, nowMs = Date.now()): Promise<GuestSession> {
    const invite = await this.invites.findOneBy({ secretHash: secretHash(dto.secret) });
    if (!invite || isExpired(invite, nowMs)) throw invalidInvite();
    const counted = await this.invites
      .createQueryBuilder()
      .update(Invite)
      .set({ uses: () => '"uses" + 1' })
      .where('id = :id', { id: invite.id })
      .andWhere('("maxUses" IS NULL OR "uses" < "maxUses")')
      .execute();
    const room = await this.rooms.find(invite.roomId);
    if (!counted.affected || !room) throw invalidInvite();
    const { tokenTtlSeconds } = this.config.guests;
    const untilExpiry = invite.expiresAt ? Math.floor((invite.expiresAt.getTime() - nowMs) / 1000) : tokenTtlSeconds;
    const ttlSeconds = Math.max(1, Math.min(tokenTtlSeconds, untilExpiry));
    const guest = { id: randomUUID(), displayName: dto.displayName, roomId: room.id, inviteId: invite.id };
    return {
      accessToken: this.tokens.issue(guest, ttlSeconds),
      guest: {
        id: guest.id,
        displayName: guest.displayName,
        roomId: room.id,
        roomName: room.name,
        expiresAt: new Date(nowMs + ttlSeconds * 1000).toISOString(),
      },
    };
  }

  /** Whether a guest's link still stands: not revoked (its room not deleted), not expired. */
  async stillValid(guest: { roomId: string; inviteId: string }, nowMs = Date.now()): Promise<boolean> {
    if (!isUuid(guest.inviteId)) return false;
    const invite = await this.invites.findOneBy({ id: guest.inviteId });
    return invite !== null && invite.roomId === guest.roomId && !isExpired(invite, nowMs);
  }
}

function isExpired(invite: Invite, nowMs: number): boolean {
  return invite.expiresAt !== null && invite.expiresAt.getTime() <= nowMs;
}

function invalidInvite(): NotFoundException {
  return new NotFoundException({
    code: ApiErrorCode.InviteInvalid,
    message: 'This invite link is not valid: it may have expired, been used up or been revoked',
  });
}
