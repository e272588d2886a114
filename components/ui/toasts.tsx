"use client";

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from "react";
import Toast from "react-bootstrap/Toast";
import ToastContainer from "react-bootstrap/ToastContainer";

export interface ToastMessage {
  /** Same id twice shows once: a result can arrive by socket and by polling. */
  id: string;
  title: string;
  body: string;
  variant: "success" | "danger" | "warning" | "info";
}

interface Toasts {
  notify: (message: ToastMessage) => void;
}

const ToastContext = createContext<Toasts>({ notify: () => {} });

export function useToasts(): Toasts {
  return useContext(ToastContext);
}

const TOAST_MS = 8000;
/** More at once would bury the page; the oldest gives way. */
const MAX_VISIBLE = 3;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const seen = useRef(new Set<string>());
  const notify = useCallback((message: ToastMessage) => {
    if (seen.current.has(message.id)) return;
    seen.current.add(message.id);
    setMessages((current) => [...current, message].slice(-MAX_VISIBLE));
  }, []);
  const dismiss = (id: string) => setMessages((current) => current.filter((m) => m.id !== id));
  const value = useMemo(() => ({ notify }), [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div aria-live="polite" aria-atomic="false" role="status">
        {/* Bottom corner: the header's credit and Log out, and dialogs' close buttons, stay uncovered. */}
        <ToastContainer position="bottom-end" className="p-3 position-fixed" style={{ zIndex: 1080 }}>
          {messages.map((m) => (
            <Toast
              key={m.id}
              bg={m.variant}
              onClose={() => dismiss(m.id)}
              delay={TOAST_MS}
              autohide
              data-testid="toast"
              data-variant={m.variant}
            >
              <Toast.Header closeLabel="Dismiss">
                <strong className="me-auto">{m.title}</strong>
              </Toast.Header>
              <Toast.Body className={m.variant === "warning" || m.variant === "info" ? "" : "text-white"}>
                {m.body}
              </Toast.Body>
            </Toast>
          ))}
        </ToastContainer>
      </div>
    </ToastContext.Provider>
  );
}
