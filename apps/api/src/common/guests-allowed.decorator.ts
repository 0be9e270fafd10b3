import { SetMetadata } from '@nestjs/common';

export const GUESTS_ALLOWED = 'guestsAllowed';

/**
 * Lets guests (invite-link tokens) reach a route. Every other authenticated route refuses them with 403
 * `guest-not-allowed`, so a new route is closed to guests unless it says otherwise.
 */
export const GuestsAllowed = () => SetMetadata(GUESTS_ALLOWED, true);
