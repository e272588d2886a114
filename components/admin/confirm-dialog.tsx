"use client";

import type { ReactNode } from "react";
import Button from "react-bootstrap/Button";
import Modal from "react-bootstrap/Modal";

export interface ConfirmRequest {
  title: string;
  body: ReactNode;
  confirmLabel: string;
  variant: string;
  onConfirm(): void;
}

export function ConfirmDialog({ request, onCancel }: { request: ConfirmRequest | null; onCancel: () => void }) {
  return (
    <Modal show={request !== null} onHide={onCancel} aria-labelledby="confirm-title" data-testid="confirm-dialog">
      <Modal.Header closeButton closeLabel="Close">
        <Modal.Title id="confirm-title">{request?.title}</Modal.Title>
      </Modal.Header>
      <Modal.Body>{request?.body}</Modal.Body>
      <Modal.Footer>
        <Button variant="outline-secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          variant={request?.variant ?? "primary"}
          onClick={() => request?.onConfirm()}
          data-testid="confirm-button"
          // eslint-disable-next-line jsx-a11y/no-autofocus -- a modal must move focus inside it, and its action is why it opened
          autoFocus
        >
          {request?.confirmLabel}
        </Button>
      </Modal.Footer>
    </Modal>
  );
}
