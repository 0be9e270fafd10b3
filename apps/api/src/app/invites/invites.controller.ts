import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AddressThrottlerGuard } from '../../common/address-throttler.guard';
import type { CreatedInvite, GuestSession, InviteView } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { Public } from '../../common/public.decorator';
import { CreateInviteDto } from './dto/create-invite.dto';
import { CreatedInviteDto, GuestSessionDto, InviteViewDto } from './dto/invite-view.dto';
import { RedeemInviteDto } from './dto/redeem-invite.dto';
import { InvitesService } from './invites.service';

/** A room's invite links, for its owner and administrators. */
@ApiTags('invites')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'not-room-owner, guest-not-allowed' })
@ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
@Controller('rooms/:id/invites')
export class RoomInvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedInviteDto, description: 'The secret is in this answer only' })
  create(@CurrentUser() user: AuthUser, @Param('id') id: string, @Body() dto: CreateInviteDto): Promise<CreatedInvite> {
    return this.invites.create(id, user, dto);
  }

  @Get()
  @ApiOkResponse({ type: [InviteViewDto], description: 'Newest first, without secrets' })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<InviteView[]> {
    return this.invites.list(id, user);
  }

  @Delete(':inviteId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: "The link stops working; its guests' tokens are revoked and sockets closed" })
  revoke(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('inviteId') inviteId: string): Promise<void> {
    return this.invites.revoke(id, inviteId, user);
  }
}

/** Following a link without an account. */
@ApiTags('invites')
@Controller('invites')
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Public()
  @UseGuards(AddressThrottlerGuard)
  @Post('redeem')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: GuestSessionDto, description: 'A guest token for the link’s room only' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'invite-invalid: unknown, expired, used up or revoked' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'rate-limited: too many tries from this address' })
  redeem(@Body() dto: RedeemInviteDto): Promise<GuestSession> {
    return this.invites.redeem(dto);
  }
}
