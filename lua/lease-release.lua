--[[
  lease-release.lua — delete a lease, but only for the owner that holds it.

  KEYS[1]  the lease key

  ARGV[1]  owner token (the value the owner stored when it took the lease)

  Returns  1 when the lease was deleted, 0 when the key is gone or another owner holds it.

  Invariants
    - Compare and delete happen in one step: an owner whose lease expired must never delete its successor's.
    - One key only, so the script is valid on a Redis Cluster whatever the key's slot.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
