/**
 * Gathers items submitted within `lingerMs` (or until `maxBatch` are waiting) and hands them to `send` in one
 * call; every submitter awaits the outcome of the batch that carried its item. kafkajs has no linger of its
 * own, and one awaited produce request per purchase would serialise the hot path on broker round trips.
 * Batches are sent concurrently: a slow batch does not hold the next one back.
 */
export interface MicroBatcherOptions<T> {
  lingerMs: number;
  maxBatch: number;
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

  /** Sends what is waiting now; resolves when every batch in flight has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const sending = this.options.send(batch.map((waiting) => waiting.item)).then(
      () => batch.forEach((waiting) => waiting.resolve()),
      (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }
}
