import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { LoginResponse, UserView } from '@webrtc-call/signaling-contracts';
import { AddressThrottlerGuard } from '../../common/address-throttler.guard';
import { ApiErrorDto } from '../../common/api-error.dto';
import type { AuthUser } from '../../common/auth-user';
import { AllowedBeforePasswordChange } from '../../common/before-password-change.decorator';
import { CurrentUser } from '../../common/current-user.decorator';
import { Public } from '../../common/public.decorator';
import { LoginResponseDto, UserViewDto } from '../users/dto/user-view.dto';
import { AuthService } from './auth.service';
import { ChangePasswordDto } from './dto/change-password.dto';
import { LoginDto } from './dto/login.dto';
import { RegisterDto } from './dto/register.dto';
import { UpdateProfileDto } from './dto/update-profile.dto';

@ApiTags('auth')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiErrorDto, description: 'unauthorized: missing, expired or revoked token' })
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @UseGuards(AddressThrottlerGuard)
  @Post('register')
  @ApiCreatedResponse({ type: UserViewDto })
  @ApiConflictResponse({ type: ApiErrorDto, description: 'username-taken' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: 'rate-limited, with Retry-After' })
  register(@Body() dto: RegisterDto): Promise<UserView> {
    return this.auth.register(dto);
  }

  @Public()
  @UseGuards(AddressThrottlerGuard)
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'account-disabled (only with the right password)' })
  @ApiTooManyRequestsResponse({
    type: ApiErrorDto,
    description: 'rate-limited, with Retry-After: too many tries from this address, or failures for this account',
  })
  login(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.auth.login(dto);
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiOkResponse({ type: UserViewDto })
  me(@CurrentUser() user: AuthUser): Promise<UserView> {
    return this.auth.me(user.id);
  }

  @Patch('me')
  @ApiOkResponse({ type: UserViewDto })
  updateProfile(@CurrentUser() user: AuthUser, @Body() dto: UpdateProfileDto): Promise<UserView> {
    return this.auth.updateProfile(user.id, dto);
  }

  /** Other sessions end; the response carries the token to continue with. */
  @Post('password')
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto, description: 'A new token; every earlier token is revoked' })
  @ApiForbiddenResponse({ type: ApiErrorDto, description: 'wrong-password' })
  @ApiTooManyRequestsResponse({ type: ApiErrorDto, description: "rate-limited: the account's hashing budget" })
  @ApiBadRequestResponse({
    type: ApiErrorDto,
    description: 'validation-failed, also when the new password is the current one',
  })
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<LoginResponse> {
    return this.auth.changePassword(user.id, dto);
  }

  @Post('logout-all')
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Every token of this account, this one included, is revoked' })
  logoutEverywhere(@CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.logoutEverywhere(user.id);
  }
}
