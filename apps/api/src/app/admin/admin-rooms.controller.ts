import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AdminRoomView, AdminStats, Page } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/current-user.decorator';
import { PaginationQueryDto } from '../../common/pagination.dto';
import { Roles } from '../../common/roles.decorator';
import { ModerationService } from '../moderation/moderation.service';
import { RoomsService } from '../rooms/rooms.service';
import { AdminRoomPageDto } from '../rooms/dto/room-view.dto';
import { AdminService } from './admin.service';
import { AdminStatsDto } from './dto/admin-stats.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'forbidden: not an administrator' })
@Roles('admin')
@Controller('admin')
export class AdminRoomsController {
  constructor(
    private readonly admin: AdminService,
    private readonly rooms: RoomsService,
    private readonly moderation: ModerationService,
  ) {}

  @Get('rooms')
  @ApiOkResponse({ type: AdminRoomPageDto, description: 'Every room, newest first, with who is in its call' })
  list(@Query() query: PaginationQueryDto): Promise<Page<AdminRoomView>> {
    return this.rooms.listAll(query.page, query.limit);
  }

  @Delete('rooms/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted; anyone in its call is told the room closed' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found' })
  remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    return this.rooms.remove(id, user);
  }

  /** The same removal as `DELETE /api/rooms/:id/participants/:peerId`, kept for the admin pages. */
  @Delete('rooms/:id/participants/:peerId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({
    description: 'Every seat of that account is told it was removed and leaves the call; it may not rejoin',
  })
  @ApiBadRequestResponse({ type: ApiErrorDto, description: 'cannot-remove-self' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'room-not-found, peer-not-found' })
  kick(@CurrentUser() user: AuthUser, @Param('id') roomId: string, @Param('peerId') peerId: string): Promise<void> {
    return this.moderation.remove(roomId, peerId, user);
  }

  @Get('stats')
  @ApiOkResponse({ type: AdminStatsDto })
  stats(): Promise<AdminStats> {
    return this.admin.stats();
  }
}
