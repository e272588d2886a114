"use client";

import { useEffect, useState } from "react";

/**
 * The server's "now", ticking once a second. Sale windows are compared with the server's clock (offset measured
 * when the API answered), so a browser whose clock is wrong cannot show a sale as open early.
 */
export function useServerNow(serverTime: string | null | undefined): number {
  const [offsetMs, setOffsetMs] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!serverTime) return;
    const parsed = Date.parse(serverTime);
    if (Number.isFinite(parsed)) setOffsetMs(parsed - Date.now());
  }, [serverTime]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offsetMs;
}
