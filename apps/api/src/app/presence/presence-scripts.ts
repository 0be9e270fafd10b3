/**
 * Lua run inside Redis, so that each check and its write are one atomic step across instances.
 *
 * Keys (after the prefix): `room:<roomId>` hash peerId → seat record (JSON, see `SeatRecord`);
 * `rooms` set of rooms with a seat; `seats:<instance>` set of "<roomId> <peerId>" an instance owns;
 * `instance:<id>` liveness key; `instances` set of instance ids; `held` zset of seats whose instance
 * died, scored by when their resume window ends; `queue:<peerId>` (+ `:bytes`) frames kept for a held
 * seat; channel `to:<instance>` frames for an instance's seats. Scripts build some key names from the
 * prefix: the deployment targets one Redis server, not a cluster.
 */

/** Appends `frame` to a held seat's queue, dropping the oldest beyond the count or byte bound. */
const ENQUEUE = `
local function enqueue(prefix, peer, frame, maxFrames, maxBytes, ttl)
  local size = string.len(frame)
  if size > maxBytes then return end
  local q = prefix .. 'queue:' .. peer
  local b = q .. ':bytes'
  redis.call('RPUSH', q, frame)
  local bytes = redis.call('INCRBY', b, size)
  local len = redis.call('LLEN', q)
  while len > maxFrames or bytes > maxBytes do
    local dropped = redis.call('LPOP', q)
    bytes = redis.call('DECRBY', b, string.len(dropped))
    len = len - 1
  end
  redis.call('PEXPIRE', q, ttl)
  redis.call('PEXPIRE', b, ttl)
end
`;

/** KEYS room, rooms, seats:<self>; ARGV capacity, peerId, record, roomId, force → 1 seated, 0 full. */
export const CLAIM = `
if ARGV[5] ~= '1' and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('SADD', KEYS[2], ARGV[4])
redis.call('SADD', KEYS[3], ARGV[4] .. ' ' .. ARGV[2])
return 1
`;

/** KEYS room, rooms, seats:<owner>, held; ARGV peerId, owner, roomId, prefix → 1 when removed. */
export const VACATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw or cjson.decode(raw).i ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[3]) end
local member = ARGV[3] .. ' ' .. ARGV[1]
redis.call('SREM', KEYS[3], member)
redis.call('ZREM', KEYS[4], member)
redis.call('DEL', ARGV[4] .. 'queue:' .. ARGV[1], ARGV[4] .. 'queue:' .. ARGV[1] .. ':bytes')
return 1
`;

/** KEYS room; ARGV peerId, owner, record: rewrites the record if `owner` still holds it. */
export const UPDATE = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw or cjson.decode(raw).i ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

/**
 * KEYS room, seats:<self>, held; ARGV roomId, token, userId, self, newToken, prefix →
 * nil, or {record, previous owner, queued frames}: the seat behind the token now belongs to `self`.
 */
export const TAKE_OVER = `
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  if rec.t == ARGV[2] and rec.u == ARGV[3] then
    local previous = rec.i
    local member = ARGV[1] .. ' ' .. rec.p
    rec.i = ARGV[4]
    rec.t = ARGV[5]
    rec.h = nil
    local encoded = cjson.encode(rec)
    redis.call('HSET', KEYS[1], rec.p, encoded)
    redis.call('SREM', ARGV[6] .. 'seats:' .. previous, member)
    redis.call('SADD', KEYS[2], member)
    redis.call('ZREM', KEYS[3], member)
    local q = ARGV[6] .. 'queue:' .. rec.p
    local queued = redis.call('LRANGE', q, 0, -1)
    redis.call('DEL', q, q .. ':bytes')
    return {encoded, previous, queued}
  end
end
return false
`;

/**
 * Frames for seats, several at once. KEYS the room of each frame; ARGV prefix, maxFrames, maxBytes,
 * ttlMs, then per frame peerId, header, frame, queueOnly → per frame 0 (no such seat) or 1 (sent to its
 * instance, or queued: when the seat is held, when `queueOnly` is '1' as its own instance holds it, or
 * when nobody received the publish as its instance is gone). One publish per instance carries all of
 * that instance's frames, each `header .. frame`, separated by newlines, in order.
 */
export const SEND = `${ENQUEUE}
local prefix, maxFrames, maxBytes, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local results, seats, order, parts, sent = {}, {}, {}, {}, {}
for n = 1, #KEYS do
  local at = 4 + (n - 1) * 4
  local seat = KEYS[n] .. ' ' .. ARGV[at + 1]
  local rec = seats[seat]
  if rec == nil then
    local raw = redis.call('HGET', KEYS[n], ARGV[at + 1])
    rec = raw and cjson.decode(raw) or false
    seats[seat] = rec
  end
  results[n] = rec and 1 or 0
  if rec and (rec.h or ARGV[at + 4] == '1') then
    enqueue(prefix, rec.p, ARGV[at + 3], maxFrames, maxBytes, ttl)
  elseif rec then
    local mine = parts[rec.i]
    if not mine then
      mine = {}
      parts[rec.i] = mine
      sent[rec.i] = {}
      table.insert(order, rec.i)
    else
      table.insert(mine, '\\n')
    end
    table.insert(mine, ARGV[at + 2])
    table.insert(mine, ARGV[at + 3])
    table.insert(sent[rec.i], n)
  end
end
for _, instance in ipairs(order) do
  if redis.call('PUBLISH', prefix .. 'to:' .. instance, table.concat(parts[instance])) == 0 then
    for _, n in ipairs(sent[instance]) do
      local at = 4 + (n - 1) * 4
      enqueue(prefix, seats[KEYS[n] .. ' ' .. ARGV[at + 1]].p, ARGV[at + 3], maxFrames, maxBytes, ttl)
    end
  end
end
return results
`;

/**
 * KEYS room; ARGV self, exceptPeerId, header, frame, prefix, maxFrames, maxBytes, ttlMs: one publish
 * per other instance with joined seats in the room; held seats (this instance's too) and seats nobody
 * receives for are queued.
 */
export const SEND_ROOM = `${ENQUEUE}
local all = redis.call('HGETALL', KEYS[1])
local peers = {}
local order = {}
local maxFrames, maxBytes = tonumber(ARGV[6]), tonumber(ARGV[7])
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  if rec.p ~= ARGV[2] and (rec.i ~= ARGV[1] or rec.h) then
    if rec.h then
      enqueue(ARGV[5], rec.p, ARGV[4], maxFrames, maxBytes, ARGV[8])
    else
      if not peers[rec.i] then
        peers[rec.i] = {}
        table.insert(order, rec.i)
      end
      table.insert(peers[rec.i], rec.p)
    end
  end
end
for _, instance in ipairs(order) do
  if redis.call('PUBLISH', ARGV[5] .. 'to:' .. instance, ARGV[3] .. ARGV[4]) == 0 then
    for _, peer in ipairs(peers[instance]) do enqueue(ARGV[5], peer, ARGV[4], maxFrames, maxBytes, ARGV[8]) end
  end
end
return #order
`;

/**
 * KEYS instances, instance:<dead>, seats:<dead>, held; ARGV dead, nowMs, resumeWindowMs, prefix →
 * {{roomId, record, 'held'|'left'}…}: the seats of an instance whose liveness key expired are held for
 * their resume window (or freed when there is none). Only the first caller gets them.
 */
export const REAP = `
if redis.call('EXISTS', KEYS[2]) == 1 then return {} end
if redis.call('SREM', KEYS[1], ARGV[1]) == 0 then return {} end
local members = redis.call('SMEMBERS', KEYS[3])
redis.call('DEL', KEYS[3])
local out = {}
local window = tonumber(ARGV[3])
for _, member in ipairs(members) do
  local space = string.find(member, ' ', 1, true)
  local room, peer = string.sub(member, 1, space - 1), string.sub(member, space + 1)
  local key = ARGV[4] .. 'room:' .. room
  local raw = redis.call('HGET', key, peer)
  if raw then
    local rec = cjson.decode(raw)
    if rec.i == ARGV[1] then
      if window > 0 then
        rec.h = tonumber(ARGV[2]) + window
        local encoded = cjson.encode(rec)
        redis.call('HSET', key, peer, encoded)
        redis.call('ZADD', KEYS[4], rec.h, member)
        table.insert(out, {room, encoded, 'held'})
      else
        redis.call('HDEL', key, peer)
        if redis.call('HLEN', key) == 0 then redis.call('SREM', ARGV[4] .. 'rooms', room) end
        table.insert(out, {room, raw, 'left'})
      end
    end
  end
end
return out
`;

/** KEYS held; ARGV nowMs, prefix → {{roomId, record}…}: held seats whose resume window ended, freed. */
export const EXPIRE_HELD = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, 100)
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local space = string.find(member, ' ', 1, true)
  local room, peer = string.sub(member, 1, space - 1), string.sub(member, space + 1)
  local key = ARGV[2] .. 'room:' .. room
  local raw = redis.call('HGET', key, peer)
  if raw then
    local rec = cjson.decode(raw)
    if rec.h and rec.h <= tonumber(ARGV[1]) then
      redis.call('HDEL', key, peer)
      if redis.call('HLEN', key) == 0 then redis.call('SREM', ARGV[2] .. 'rooms', room) end
      redis.call('DEL', ARGV[2] .. 'queue:' .. peer, ARGV[2] .. 'queue:' .. peer .. ':bytes')
      table.insert(out, {room, raw})
    end
  end
end
return out
`;

/** ARGV prefix → {rooms, participants} over every instance. */
export const TOTALS = `
local rooms = redis.call('SMEMBERS', ARGV[1] .. 'rooms')
local participants = 0
for _, room in ipairs(rooms) do participants = participants + redis.call('HLEN', ARGV[1] .. 'room:' .. room) end
return {#rooms, participants}
`;

/**
 * KEYS room, rooms, held; ARGV userId ('' for anyone), roomId, prefix → {record…}: frees the seats of
 * the room that a dead instance left held (a kick or a deleted room must reach them too).
 */
export const FORGET_HELD = `
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local rec = cjson.decode(all[i + 1])
  if rec.h and (ARGV[1] == '' or rec.u == ARGV[1]) then
    redis.call('HDEL', KEYS[1], rec.p)
    redis.call('ZREM', KEYS[3], ARGV[2] .. ' ' .. rec.p)
    redis.call('DEL', ARGV[3] .. 'queue:' .. rec.p, ARGV[3] .. 'queue:' .. rec.p .. ':bytes')
    table.insert(out, all[i + 1])
  end
end
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[2]) end
return out
`;
