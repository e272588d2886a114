--[[
  rollback.lua — release the reservation of an order that will not be paid.

  KEYS[1]  {coupon:<id>}:stock
  KEYS[2]  {coupon:<id>}:buyers
  KEYS[3]  {coupon:<id>}:pending

  ARGV[1]  orderId
  ARGV[2]  userId
  ARGV[3]  "1" to keep the user in buyers (the user owns the coupon through another, paid order)

  Returns  1 when the reservation was released, 0 when there was nothing to release.

  Invariants
    - Acts only while the pending record exists, so a replayed rollback changes nothing, and a rollback can
      never hand out a unit twice.
    - A missing stock key is not recreated: INCR would turn "unknown" into "1 left". The warm-up computes
      the stock from MySQL and the pending records that remain, which no longer include this order.
]]
if redis.call('HDEL', KEYS[3], ARGV[1]) == 0 then return 0 end
if ARGV[3] ~= '1' then redis.call('SREM', KEYS[2], ARGV[2]) end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('INCR', KEYS[1]) end
return 1
