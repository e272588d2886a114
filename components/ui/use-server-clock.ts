"use client";

import { useEffect, useState } from "react";

/**
 * The server's "now", ticking once a second. Sale windows are compared with the server's clock (offset measured
 * when the API answered), so a browser whose clock is wrong cannot show a sale as open early. Until the first
 * tick it is exactly `serverTime`, so a server-rendered page and its hydration compute the same countdowns.
 */
export function useServerNow(serverTime: string | null | undefined): number {
  const [offsetMs, setOffsetMs] = useState(0);
  const [now, setNow] = useState(() => parseTime(serverTime) ?? Date.now());
  useEffect(() => {
    const parsed = parseTime(serverTime);
    if (parsed === null) return;
    const localNow = Date.now();
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the local clock is read after commit on purpose: read while rendering, it would make the hydration differ from the server render
    setOffsetMs(parsed - localNow);
    setNow(localNow);
  }, [serverTime]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + offsetMs;
}

function parseTime(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? parsed : null;
}
