import { AppError, isAppError } from "@/server/http/app-error";

/**
 * Load shedding for the purchase path: at most `maxInFlight` purchases are worked on at once in this process.
 * Past that, a purchase is refused at once with 503 TRY_AGAIN_LATER + Retry-After instead of queueing: when
 * demand exceeds what the instance can serve, every shopper waiting longer helps nobody, while a fast "try again"
 * keeps the answers that are given quick (the web app retries by itself after Retry-After).
 */
export class Admission {
  private inFlight = 0;

  constructor(private readonly maxInFlight: number) {}

  get current(): number {
    return this.inFlight;
  }

  /** Runs `work` if there is room, else throws the shed refusal without running it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.maxInFlight) throw shedError();
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}

export function shedError(): AppError {
  return new AppError("TRY_AGAIN_LATER", { retryAfterSeconds: 1, details: { reason: "OVERLOADED" } });
}

export function isShed(error: unknown): boolean {
  return isAppError(error) && error.details?.reason === "OVERLOADED";
}
