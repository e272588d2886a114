--[[
  lease-renew.lua — extend a lease, but only for the owner that holds it.

  KEYS[1]  the lease key

  ARGV[1]  owner token (the value the owner stored when it took the lease)
  ARGV[2]  new time to live in ms

  Returns  1 when the lease was extended, 0 when the key is gone or another owner holds it.

  Invariants
    - Compare and extend happen in one step: a lease that expired and was taken by a successor between a GET
      and a PEXPIRE from the client would otherwise be extended for the successor by the old owner.
    - One key only, so the script is valid on a Redis Cluster whatever the key's slot.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
