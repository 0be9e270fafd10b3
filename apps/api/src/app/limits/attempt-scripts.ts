/**
 * The attempt counters in Redis (see `attempts.ts` for the rules; these scripts are the same arithmetic).
 * Each key is a hash {count, first, last}, expiring when the rule lets it be forgotten. The clock is
 * Redis's, so instances with drifting clocks still agree.
 */

/**
 * KEYS the counters' keys; ARGV mode ('take' or 'wait'), then per key: kind, a, b, c, d
 * (window: limit, windowMs; backoff: free, baseMs, maxMs, forgetMs) → 0 when counted, else the wait in ms.
 */
export const TAKE_ATTEMPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function delay(count, a, b, c)
  return math.min(b * 2 ^ math.min(count - a, 40), c)
end
local function wait(count, first, last, kind, a, b, c)
  if count == 0 then return 0 end
  if kind == 'window' then
    if count >= a then return math.max(0, first + b - now) end
    return 0
  end
  if count < a then return 0 end
  return math.max(0, last + delay(count, a, b, c) - now)
end
local records = {}
local longest = 0
for i, key in ipairs(KEYS) do
  local base = 1 + (i - 1) * 5
  local kind = ARGV[base + 1]
  local a, b, c, d = tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4]), tonumber(ARGV[base + 5])
  local r = redis.call('HMGET', key, 'count', 'first', 'last')
  local count, first, last = tonumber(r[1]) or 0, tonumber(r[2]) or now, tonumber(r[3]) or now
  records[i] = { count, first, kind, a, b, c, d }
  longest = math.max(longest, wait(count, first, last, kind, a, b, c))
end
if ARGV[1] ~= 'take' or longest > 0 then return math.ceil(longest) end
for i, key in ipairs(KEYS) do
  local r = records[i]
  local count, kind, a, b, c, d = r[1] + 1, r[3], r[4], r[5], r[6], r[7]
  local first = r[2]
  if r[1] == 0 then first = now end
  redis.call('HSET', key, 'count', count, 'first', first, 'last', now)
  local expires
  if kind == 'window' then
    expires = first + b
  else
    local hold = d
    if count >= a then hold = math.max(d, delay(count, a, b, c)) end
    expires = now + hold
  end
  redis.call('PEXPIREAT', key, math.ceil(expires))
end
return 0
`;

/** KEYS the keys to take one try back from. */
export const REFUND_ATTEMPT = `
for _, key in ipairs(KEYS) do
  local count = tonumber(redis.call('HGET', key, 'count') or '0')
  if count > 0 then redis.call('HSET', key, 'count', count - 1) end
end
return 0
`;

/**
 * For the per-address throttle. KEYS hits, block; ARGV ttlMs, limit, blockMs
 * → {hits, ms until the hits expire, blocked 0/1, ms until the block ends}.
 */
export const THROTTLE = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(0, redis.call('PTTL', KEYS[1])), 1, blockLeft }
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttlLeft = math.max(0, redis.call('PTTL', KEYS[1]))
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, ttlLeft, 1, tonumber(ARGV[3]) }
end
return { hits, ttlLeft, 0, 0 }
`;
