--[[
  room-admit.lua — one tick of a coupon's waiting room: expire unused admissions, then admit the next in line
  at the room's rate, never more than the units left allow.

  KEYS[1]  {coupon:<id>}:room            hash: opensAtMs, ratePerSecond, marginPercent, admitTtlMs, state, served,
                                         budget, lastTickMs, and counters (admitted, abandoned)
  KEYS[2]  {coupon:<id>}:room:queue      zset: userId -> order score (see room-join.lua)
  KEYS[3]  {coupon:<id>}:room:admitted   zset: userId -> admission expiry in ms
  KEYS[4]  {coupon:<id>}:stock           string: live remaining stock

  Returns  { state, served, waiting, admittedNow, holdingAdmission, stock, expiredNow, ratePerSecond }
    state: waiting (not open yet) | open | soldout | none (no room)

  Invariants
    - Admitted-and-unbought people never exceed ceil(stock × (1 + margin)): the room does not send people to buy
      units that are gone. At stock 0 it closes (state soldout) and admits nobody; when units come back (a failed
      payment), the next tick opens it again and the cursor goes on from where it stopped.
    - Admissions follow the queue's order exactly: the cursor `served` only moves forward over ranks that never
      change once the sale is open.
    - The rate is a token bucket refilled by Redis's own clock, holding at most one second of admissions, so a
      missed tick (a ticker that moved to another instance) does not release a burst.
]]
local room = redis.call('HMGET', KEYS[1], 'opensAtMs', 'ratePerSecond', 'marginPercent', 'admitTtlMs', 'served',
  'budget', 'lastTickMs')
if not room[1] then return { 'none', -1, -1, 0, 0, -1, 0, 0 } end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local served = tonumber(room[5])
local queued = redis.call('ZCARD', KEYS[2])
local stock = tonumber(redis.call('GET', KEYS[4]) or '0')
if nowMs < tonumber(room[1]) then
  return { 'waiting', served, queued - served, 0, 0, stock, 0, tonumber(room[2]) }
end

local expired = redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', nowMs)
if expired > 0 then redis.call('HINCRBY', KEYS[1], 'abandoned', expired) end
local holding = redis.call('ZCARD', KEYS[3])

if stock <= 0 then
  redis.call('HSET', KEYS[1], 'state', 'soldout', 'lastTickMs', nowMs)
  return { 'soldout', served, queued - served, 0, holding, 0, expired, tonumber(room[2]) }
end

local rate = tonumber(room[2])
-- The first tick after the opening finds the bucket filled since the opening (at most one second's worth).
local lastTickMs = tonumber(room[7]) or tonumber(room[1])
local budget = math.min(rate, tonumber(room[6]) + rate * math.max(0, nowMs - lastTickMs) / 1000)
local cap = math.ceil(stock * (100 + tonumber(room[3])) / 100) - holding
local n = math.min(math.floor(budget), cap, queued - served)
if n > 0 then
  local members = redis.call('ZRANGE', KEYS[2], served, served + n - 1)
  local expiresAt = nowMs + tonumber(room[4])
  for _, member in ipairs(members) do redis.call('ZADD', KEYS[3], expiresAt, member) end
  redis.call('PEXPIREAT', KEYS[3], redis.call('PEXPIRETIME', KEYS[1]))
  served = served + n
  budget = budget - n
  redis.call('HINCRBY', KEYS[1], 'admitted', n)
else
  n = 0
end
redis.call('HSET', KEYS[1], 'state', 'open', 'served', served, 'budget', tostring(budget), 'lastTickMs', nowMs)
return { 'open', served, queued - served, n, holding + n, stock, expired, rate }
