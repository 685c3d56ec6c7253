/**
 * A modal question before an action that cannot be taken back (revoking a key, disabling an account).
 * Focus moves into it, Escape cancels, and the page behind cannot be clicked.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  cancelLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: string | null;
  children?: ReactNode;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ title, confirmLabel, cancelLabel, danger, busy, error, children, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const boxRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    // An input inside (a grace period) gets the focus; otherwise the cancel button, the safe choice.
    const target = boxRef.current?.querySelector<HTMLElement>('input, [data-autofocus]');
    target?.focus();
    return () => before?.focus?.();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) onCancel();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [busy, onCancel]);

  return (
    <div className="dialog-backdrop">
      <div ref={boxRef} className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="confirm-dialog">
        <h2 id={titleId}>{title}</h2>
        {children}
        {error && (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog__actions">
          <button type="button" className="button button--quiet" onClick={onCancel} disabled={busy} data-autofocus data-testid="confirm-cancel">
            {cancelLabel}
          </button>
          <button type="button" className={`button ${danger ? 'button--danger' : ''}`} onClick={onConfirm} disabled={busy} data-testid="confirm-ok">
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
