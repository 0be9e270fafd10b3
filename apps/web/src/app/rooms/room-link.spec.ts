import { roomIdFromInput, roomLink } from './room-link';

describe('roomLink', () => {
  it('builds an absolute /call/<id> link on the given origin', () => {
    expect(roomLink('abc-123', 'https://call.example.org')).toBe('https://call.example.org/call/abc-123');
  });
});

describe('roomIdFromInput', () => {
  const id = '3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f';

  it('accepts a bare room id', () => {
    expect(roomIdFromInput(`  ${id} `)).toBe(id);
  });

  it('extracts the id from a pasted link, on any origin', () => {
    expect(roomIdFromInput(`https://call.example.org/call/${id}`)).toBe(id);
    expect(roomIdFromInput(`http://localhost:4200/call/${id}/?x=1#y`)).toBe(id);
    expect(roomIdFromInput(`/call/${id}`)).toBe(id);
  });

  it('rejects text that is neither a link nor an id', () => {
    expect(roomIdFromInput('')).toBeNull();
    expect(roomIdFromInput('https://example.org/rooms')).toBeNull();
    expect(roomIdFromInput('not a room')).toBeNull();
  });
});
