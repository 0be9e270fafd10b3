import { SetMetadata } from '@nestjs/common';

export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'allowedBeforePasswordChange';

/**
 * Lets an account that must choose a new password still call this route; every other authenticated route
 * answers it 403 password-change-required.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);
