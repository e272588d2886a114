"use client";

import { useSyncExternalStore } from "react";
import { formatLocalDateTime, formatUtcDateTime } from "@/components/format";

const subscribeNever = () => () => undefined;

/**
 * A date and time in the reader's own time zone. The server does not know that zone, so the server render and
 * the hydrating render both show UTC (identical text, no hydration mismatch); the browser then switches to local.
 */
export function LocalTime({ iso }: { iso: string }) {
  const inBrowser = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  return <time dateTime={iso}>{inBrowser ? formatLocalDateTime(iso) : formatUtcDateTime(iso)}</time>;
}
