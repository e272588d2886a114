/**
 * Gathers items submitted within `lingerMs` (or until `maxBatch` are waiting) and hands them to `send` in one
 * call; every submitter awaits the outcome of the batch that carried its item. kafkajs has no linger of its
 * own, and one awaited produce request per purchase would serialise the hot path on broker round trips.
 *
 * At most `maxInFlight` batches (default 1) are sent at once; items arriving meanwhile wait and leave together
 * the moment a send completes. Measured against the broker here: 23 concurrent small sends took 36–49 ms each,
 * one send of 200 messages 13–17 ms — so while the broker is busy, a bigger next batch beats more requests.
 */
export interface MicroBatcherOptions<T> {
  lingerMs: number;
  maxBatch: number;
  maxInFlight?: number;
  send: (items: T[]) => Promise<void>;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class MicroBatcher<T> {
  private queue: Waiting<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.lingerMs);
    });
  }

  /** Sends everything waiting; resolves when nothing is queued or in flight. */
  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0 || this.queue.length > 0) {
      await Promise.allSettled([...this.inFlight]);
      this.flush();
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const maxInFlight = this.options.maxInFlight ?? 1;
    while (this.queue.length > 0 && this.inFlight.size < maxInFlight) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      const sending = this.options
        .send(batch.map((waiting) => waiting.item))
        .then(
          () => batch.forEach((waiting) => waiting.resolve()),
          (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
        )
        .finally(() => {
          this.inFlight.delete(sending);
          // What gathered while this batch was out leaves now, without another linger.
          if (this.queue.length > 0) this.flush();
        });
      this.inFlight.add(sending);
    }
  }
}
