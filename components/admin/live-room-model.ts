import type { RoomStats } from "@/contract/admin";

/** The room's state in a shop manager's words, and the badge colour that goes with it. */
export function roomStateLabel(state: RoomStats["state"]): { text: string; variant: string } {
  switch (state) {
    case "waiting":
      return { text: "Line forming (sale not open yet)", variant: "secondary" };
    case "open":
      return { text: "Letting shoppers in", variant: "success" };
    case "soldout":
      return { text: "Sold out: line closed", variant: "danger" };
  }
}

/** "67%", or a dash before anyone was let in: a share of nobody is not 0%. */
export function conversionPercent(conversion: number | null): string {
  return conversion === null ? "—" : `${Math.round(conversion * 100)}%`;
}

export interface AdmittedSample {
  /** ms since epoch */
  t: number;
  admitted: number;
}

/**
 * Shoppers actually let in per second over the last ~5 samples: below the set rate when the line is empty or
 * when few units are left (the room never lets in more people than there are units, plus the margin).
 */
export function observedAdmissionRate(samples: AdmittedSample[]): number {
  if (samples.length < 2) return 0;
  const last = samples[samples.length - 1]!;
  const first = samples[Math.max(0, samples.length - 6)]!;
  const seconds = (last.t - first.t) / 1000;
  return seconds > 0 ? Math.max(0, (last.admitted - first.admitted) / seconds) : 0;
}
