import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { addressKey } from './client-address';

/** ThrottlerGuard counting per client address, IPv6 clients per /64 (see `addressKey`). */
@Injectable()
export class AddressThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return addressKey(typeof request['ip'] === 'string' ? request['ip'] : undefined);
  }
}
