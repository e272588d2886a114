--[[
  room-open.lua — set up (or retune) the waiting room of one coupon's sale.

  KEYS[1]  {coupon:<id>}:room          hash: the room's settings, state and counters

  ARGV[1]  opensAtMs       when the sale opens (the pre-queue is shuffled then)
  ARGV[2]  prequeueFromMs  from when shoppers may join
  ARGV[3]  ratePerSecond   admissions per second at most
  ARGV[4]  marginPercent   admitted-but-unbought people allowed beyond the units left, in % of them (>= 0)
  ARGV[5]  admitTtlMs      how long an admission stays valid if unused
  ARGV[6]  expireAtMs      when every key of the room may go (after the sale closes)
  ARGV[7]  proofOfWork     '1' when joining costs a proof of work, '0' when not

  Returns  'OK'

  Invariants
    - Settings are overwritten; state, cursor and counters are kept, so retuning a running room (a new rate) never
      reshuffles or forgets anyone.
]]
redis.call('HSET', KEYS[1], 'opensAtMs', ARGV[1], 'prequeueFromMs', ARGV[2], 'ratePerSecond', ARGV[3],
  'marginPercent', ARGV[4], 'admitTtlMs', ARGV[5], 'proofOfWork', ARGV[7])
redis.call('HSETNX', KEYS[1], 'state', 'waiting')
redis.call('HSETNX', KEYS[1], 'served', 0)
redis.call('HSETNX', KEYS[1], 'seq', 0)
redis.call('HSETNX', KEYS[1], 'budget', 0)
redis.call('PEXPIREAT', KEYS[1], ARGV[6])
return 'OK'
