import { solveProofOfWork, type ProofOfWorkPuzzle } from "@/components/waiting-room/proof-of-work-solver";

/**
 * The proof of work off the page's thread: receives one puzzle, answers `{ solutions }` or `{ error }`. The page
 * stops it by terminating the worker, so it takes no abort message.
 */
export type ProofOfWorkReply = { solutions: string[] } | { error: string };

// The project's TypeScript library is the DOM's, not the worker's: name the two members used here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ProofOfWorkPuzzle>) => void) | null;
  postMessage(message: ProofOfWorkReply): void;
};

scope.onmessage = (event) => {
  solveProofOfWork(event.data).then(
    (solutions) => scope.postMessage({ solutions }),
    (error: unknown) => scope.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
};
