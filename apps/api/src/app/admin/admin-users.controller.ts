import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Page, UserView } from '@webrtc-call/signaling-contracts';
import { ApiErrorDto } from '../../common/api-error.dto';
import { Roles } from '../../common/roles.decorator';
import { UserPageDto, UserViewDto } from '../users/dto/user-view.dto';
import { AdminService } from './admin.service';
import { AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { AdminUsersQueryDto } from './dto/admin-users-query.dto';

@ApiTags('admin')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ApiErrorDto, description: 'forbidden: not an administrator' })
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @ApiOkResponse({ type: UserPageDto })
  search(@Query() query: AdminUsersQueryDto): Promise<Page<UserView>> {
    return this.admin.searchUsers(query.q, query.page, query.limit);
  }

  @Patch(':id')
  @ApiOkResponse({ type: UserViewDto })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'user-not-found' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'last-admin' })
  update(@Param('id') id: string, @Body() dto: AdminUpdateUserDto): Promise<UserView> {
    return this.admin.updateUser(id, dto);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The account and its rooms are deleted; its sockets are closed' })
  @ApiNotFoundResponse({ type: ApiErrorDto, description: 'user-not-found' })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'last-admin' })
  remove(@Param('id') id: string): Promise<void> {
    return this.admin.deleteUser(id);
  }
}
