"use client";

import { formatCountdown } from "@/components/format";

/** Time left until `targetIso`, measured on the server clock `now`. */
export function Countdown({ targetIso, now, prefix }: { targetIso: string; now: number; prefix: string }) {
  const left = Date.parse(targetIso) - now;
  return (
    <span data-testid="countdown">
      {prefix} {formatCountdown(left)}
    </span>
  );
}
