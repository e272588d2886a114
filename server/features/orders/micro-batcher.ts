/**
 * Gathers items submitted within `lingerMs` (or until `maxBatch` are waiting) and hands them to `send` in one
 * call; every submitter learns the outcome of the batch that carried its item. kafkajs has no linger of its
 * own, and a produce request per accepted order would cost its own CPU each (bench/README.md).
 *
 * One batch is sent at a time; items arriving meanwhile wait and leave together the moment a send completes.
 * Against a busy broker, many concurrent small sends each take longer than one send of all their messages
 * (bench/README.md), so while the broker is busy, a bigger next batch beats more requests.
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
  private inFlight: Promise<void> | undefined;

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
    while (this.inFlight || this.queue.length > 0) {
      await this.inFlight;
      this.flush();
    }
  }

  private flush() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.options.maxBatch);
    this.inFlight = this.options
      .send(batch.map((waiting) => waiting.item))
      .then(
        () => batch.forEach((waiting) => waiting.resolve()),
        (error: unknown) => batch.forEach((waiting) => waiting.reject(error)),
      )
      .finally(() => {
        this.inFlight = undefined;
        // What gathered while this batch was out leaves now, without another linger.
        if (this.queue.length > 0) this.flush();
      });
  }
}
