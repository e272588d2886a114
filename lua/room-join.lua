--[[
  room-join.lua — put one shopper in a coupon's waiting room (or tell them where they already are).

  KEYS[1]  {coupon:<id>}:room          hash: opensAtMs, prequeueFromMs, state, served, seq; its expiry is the
                                       whole room's (room-open.lua)
  KEYS[2]  {coupon:<id>}:room:queue    zset: userId -> order score (random in [0,1) before the opening,
                                       1 + arrival number after it)
  KEYS[3]  {coupon:<id>}:stock         string: live remaining stock

  ARGV[1]  userId
  ARGV[2]  a uniform random number in [0,1), drawn by the caller (a script's own math.random is seeded the same
           on every call, so it cannot shuffle)

  Returns  { code, ticket, served, stock }
    code: JOINED | ALREADY | NO_ROOM | TOO_EARLY | SOLD_OUT
    ticket: the shopper's place in line, 1-based, once the sale has opened (-1 before: the order is drawn then)
    served: how many tickets the room has admitted so far

  Invariants
    - A shopper holds one place: ZADD NX never moves an existing member, so joining again cannot re-roll the draw.
    - Before the opening every member's score is below 1 and after it every new one is above 1, so the pre-queue
      is a uniformly shuffled block ahead of everyone who came later, in arrival order. Nothing is ever removed
      from the queue while the room lives, so a rank, once the sale is open, never changes.
]]
local room = redis.call('HMGET', KEYS[1], 'opensAtMs', 'prequeueFromMs', 'state', 'served')
if not room[1] then return { 'NO_ROOM', -1, -1, -1 } end
local time = redis.call('TIME')
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local stock = tonumber(redis.call('GET', KEYS[3]) or '0')
local served = tonumber(room[4])
if nowMs < tonumber(room[2]) then return { 'TOO_EARLY', -1, served, stock } end

local opened = nowMs >= tonumber(room[1])
local code = 'ALREADY'
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  -- A sold-out room takes nobody new; those already in keep their place in case units come back.
  if room[3] == 'soldout' then return { 'SOLD_OUT', -1, served, stock } end
  local score
  if opened then score = 1 + redis.call('HINCRBY', KEYS[1], 'seq', 1) else score = tonumber(ARGV[2]) end
  redis.call('ZADD', KEYS[2], 'NX', score, ARGV[1])
  redis.call('PEXPIREAT', KEYS[2], redis.call('PEXPIRETIME', KEYS[1]))
  redis.call('HINCRBY', KEYS[1], 'joined', 1)
  code = 'JOINED'
end
if not opened then return { code, -1, served, stock } end
return { code, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, served, stock }
