import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@webrtc-call/signaling-contracts';

export const ROLES = 'roles';

/** Restricts a controller or route to users holding one of these roles; checked by RolesGuard. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
