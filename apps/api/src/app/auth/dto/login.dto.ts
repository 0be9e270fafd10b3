import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest } from '@webrtc-call/signaling-contracts';
import { IsString, MaxLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @MaxLength(32)
  username!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(256)
  password!: string;
}
