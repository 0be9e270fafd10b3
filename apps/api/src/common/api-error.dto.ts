import { ApiProperty } from '@nestjs/swagger';
import { ApiErrorBody, ApiErrorCode } from '@webrtc-call/signaling-contracts';

export class ApiErrorDto implements ApiErrorBody {
  @ApiProperty() statusCode!: number;
  @ApiProperty({ enum: Object.values(ApiErrorCode), description: 'Stable: clients switch on it' })
  code!: ApiErrorCode;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message!: string | string[];
}
