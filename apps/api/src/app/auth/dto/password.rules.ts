import { applyDecorators } from '@nestjs/common';
import { IsString, MaxLength, MinLength } from 'class-validator';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** The account password rules, with messages naming the field, for every place a new password is set. */
export const IsPassword = (field: string) =>
  applyDecorators(
    IsString({ message: `${field} must be a string` }),
    MinLength(MIN_PASSWORD_LENGTH, { message: `${field} must be at least ${MIN_PASSWORD_LENGTH} characters long` }),
    MaxLength(MAX_PASSWORD_LENGTH, { message: `${field} must be at most ${MAX_PASSWORD_LENGTH} characters long` }),
  );
