--[[
  adjust-stock.lua — apply an admin's change of a coupon's total stock to its live stock key.

  KEYS[1]  {coupon:<id>}:stock     live remaining stock (the reservation ledger)
  KEYS[2]  {coupon:<id>}:pending   hash orderId → pending record (reserved, not yet settled)

  ARGV[1]  delta: new total stock - old total stock (may be negative)
  ARGV[2]  the coupon's DB stock after the change (used only when the live key is absent)

  Returns  { "ADJUSTED", stock }     the live key existed and now holds stock (= old + delta)
           { "ABSENT", available }   no live key: nothing written; the next warm-up computes it from MySQL
           { "INSUFFICIENT", available }  refused: the change would take stock below what is sold or held

  Invariants
    - Checks before writes: a refused change writes nothing.
    - Only adds to a key that exists: a missing key must be rebuilt from MySQL (DB stock - pending), never
      created from a delta.
    - The caller holds the coupon's row lock in MySQL, so no settlement commits between this script and the
      UPDATE of the row.
]]
local delta = tonumber(ARGV[1])
local current = redis.call('GET', KEYS[1])
if current then
  local stock = tonumber(current)
  if stock + delta < 0 then return { 'INSUFFICIENT', stock } end
  return { 'ADJUSTED', redis.call('INCRBY', KEYS[1], delta) }
end
local available = tonumber(ARGV[2]) - redis.call('HLEN', KEYS[2])
if available < 0 then return { 'INSUFFICIENT', available - delta } end
return { 'ABSENT', available }
