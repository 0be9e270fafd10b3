const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Room and user ids are UUIDs; anything else cannot be ours and never reaches the database (PostgreSQL would reject it). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
