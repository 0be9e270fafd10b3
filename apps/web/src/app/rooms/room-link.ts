/** The link people share to join a room; always absolute so it can be pasted anywhere. */
export function roomLink(roomId: string, origin = location.origin): string {
  return `${origin}/call/${encodeURIComponent(roomId)}`;
}

const ROOM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Accepts a pasted room link (any origin, path `/call/<id>`) or a bare room id; null if it is neither. */
export function roomIdFromInput(input: string): string | null {
  const value = input.trim();
  if (!value) return null;
  if (ROOM_ID.test(value)) return value;
  let path = value;
  try {
    path = new URL(value, 'http://placeholder.invalid').pathname;
  } catch {
    return null;
  }
  const match = /\/call\/([^/?#]+)\/?$/.exec(path);
  if (!match) return null;
  const id = decodeURIComponent(match[1]);
  return ROOM_ID.test(id) ? id : null;
}
