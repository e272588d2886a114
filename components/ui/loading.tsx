import Spinner from "react-bootstrap/Spinner";

/** A page section that is still loading: announced to screen readers as a status, the spinner itself hidden. */
export function Loading({ label }: { label: string }) {
  return (
    <div className="d-flex align-items-center gap-2" role="status">
      <Spinner animation="border" size="sm" aria-hidden="true" /> {label}
    </div>
  );
}
