--[[
  warm-sale.lua — (re)load one coupon's sale rules, and its stock and buyers when they are missing (or forced).

  KEYS[1]  {coupon:<id>}:sale
  KEYS[2]  {coupon:<id>}:stock
  KEYS[3]  {coupon:<id>}:buyers
  KEYS[4]  {coupon:<id>}:pending

  ARGV[1]  "1" = force: rebuild stock and buyers even if the stock key exists
  ARGV[2]  price      ARGV[3] startMs      ARGV[4] endMs      ARGV[5] state
  ARGV[6]  room: "1" = the sale has a waiting room (opened by the caller before this runs), "0" = none
  ARGV[7]  DB stock (read under the coupon row lock, so no settlement commits until this script has run)
  ARGV[8]  n = number of settled order ids that follow
  ARGV[9 .. 8+n]      order ids already settled in MySQL (PAID or FAILED): their pending records go away
  ARGV[9+n ..]        user ids owning the coupon through a PAID order

  Returns  { "KEPT" | "LOADED", stock }

  Invariants
    - stock = DB stock - pending records not yet settled. Counted here, after removing the settled ones, so a
      reservation or rollback that happened since the caller read the pending hash is counted exactly once.
    - buyers = owners of PAID orders + users of the remaining pending records.
    - A live stock key is never clobbered without force: it is the reservation ledger.
]]
redis.call('HSET', KEYS[1], 'price', ARGV[2], 'startMs', ARGV[3], 'endMs', ARGV[4], 'state', ARGV[5], 'room', ARGV[6])
redis.call('PERSIST', KEYS[1])
local current = redis.call('GET', KEYS[2])
if current and ARGV[1] ~= '1' then return { 'KEPT', tonumber(current) } end

local settled = tonumber(ARGV[8])
for i = 9, 8 + settled do redis.call('HDEL', KEYS[4], ARGV[i]) end

local pending = redis.call('HVALS', KEYS[4])
local stock = tonumber(ARGV[7]) - #pending
if stock < 0 then stock = 0 end
redis.call('SET', KEYS[2], stock)

redis.call('DEL', KEYS[3])
local chunk = {}
local function flush()
  if #chunk > 0 then redis.call('SADD', KEYS[3], unpack(chunk)); chunk = {} end
end
for i = 9 + settled, #ARGV do
  chunk[#chunk + 1] = ARGV[i]
  if #chunk >= 500 then flush() end
end
for _, record in ipairs(pending) do
  chunk[#chunk + 1] = cjson.decode(record).userId
  if #chunk >= 500 then flush() end
end
flush()
return { 'LOADED', stock }
