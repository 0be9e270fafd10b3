import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { RoomBanView } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { RoomBanViewDto } from './dto/room-ban-view.dto';
import { ModerationService } from './moderation.service';

/** For a room's owner and for administrators. */
@ApiTags('moderation')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto })
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'not-room-owner' })
@Controller('rooms/:id')
export class ModerationController {
  constructor(private readonly moderation: ModerationService) {}

  @Delete('participants/:peerId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Every seat of that account is told it was removed and leaves the call; it may not rejoin',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'cannot-remove-self' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found, peer-not-found' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('peerId') peerId: string): Promise<void> {
    return this.moderation.remove(id, peerId, user);
  }

  @Get('bans')
  @ApiOkResponse({ type: [RoomBanViewDto], description: 'Accounts barred from this room, newest first' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  bans(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<RoomBanView[]> {
    return this.moderation.listBans(id, user);
  }

  @Delete('bans/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account may join the room again' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found, ban-not-found' })
  lift(@CurrentUser() user: AuthUser, @Param('id') id: string, @Param('userId') userId: string): Promise<void> {
    return this.moderation.lift(id, userId, user);
  }

  @Get('moderators')
  @ApiOkResponse({ type: [String], description: 'Account ids that may let people in from the waiting room' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  moderators(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<string[]> {
    return this.moderation.listModerators(id, user);
  }

  @Put('moderators/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account may admit and deny people waiting for this room' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found, user-not-found' })
  makeModerator(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.moderation.setModerator(id, userId, user, true);
  }

  @Delete('moderators/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account is no moderator of this room any more' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found, user-not-found' })
  dropModerator(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.moderation.setModerator(id, userId, user, false);
  }
}
