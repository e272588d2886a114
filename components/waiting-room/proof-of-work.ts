import { abortError, solveProofOfWork, type ProofOfWorkPuzzle } from "@/components/waiting-room/proof-of-work-solver";
import type { ProofOfWorkReply } from "@/components/waiting-room/proof-of-work.worker";

/** The waiting room's proof of work for the page and the bench: solved in a Web Worker, or here, in slices. */
export {
  createPuzzleSearch,
  solveProofOfWork,
  type ProofOfWorkPuzzle,
} from "@/components/waiting-room/proof-of-work-solver";

/**
 * Solves the waiting room's proof of work in a Web Worker, so the page stays responsive while it runs; where
 * Workers are unavailable (or the worker cannot start) it runs on this thread in short slices instead. An abort
 * terminates the worker and rejects with the signal's reason.
 */
export function solveInWorker(puzzle: ProofOfWorkPuzzle, signal?: AbortSignal): Promise<string[]> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  let worker: Worker;
  try {
    if (typeof Worker === "undefined") return solveProofOfWork(puzzle, signal);
    worker = new Worker(new URL("./proof-of-work.worker.ts", import.meta.url), { type: "module" });
  } catch {
    return solveProofOfWork(puzzle, signal);
  }
  return new Promise<string[]>((resolve, reject) => {
    const onAbort = () => {
      worker.terminate();
      reject(abortError(signal as AbortSignal));
    };
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (event: MessageEvent<ProofOfWorkReply>) => {
      finish();
      if ("solutions" in event.data) resolve(event.data.solutions);
      else reject(new Error(event.data.error));
    };
    // A worker that fails to load (a blocked script, an old browser) must not leave the shopper outside the room.
    worker.onerror = (event) => {
      event.preventDefault();
      finish();
      solveProofOfWork(puzzle, signal).then(resolve, reject);
    };
    worker.postMessage(puzzle);
  });
}
