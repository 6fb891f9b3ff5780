import { type SyntheticEvent, useEffect, useId, useRef } from 'react';
import { problemText } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import type { ActionError } from '../state/useSession';
import { Notice } from './Notice';
import './DeleteAccountDialog.css';

interface Props {
  deleting: boolean;
  /** The last attempt failed (offline, Kakao unavailable…): nothing was deleted, the user may try again. */
  problem: ActionError | null;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * "Delete your account?": says what happens before anything does. A native modal <dialog> (the page behind it
 * is inert, Tab stays inside); focus starts on Cancel, the safe choice; Escape cancels unless a delete is running.
 */
export function DeleteAccountDialog({ deleting, problem, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    cancel.current?.focus();
    return () => element?.close();
  }, []);

  // Escape is handled here, not by the browser, so a running delete cannot be "cancelled" half-way.
  const onEscape = (event: SyntheticEvent) => {
    event.preventDefault();
    if (!deleting) onCancel();
  };

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      data-testid="delete-dialog"
      onCancel={onEscape}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onEscape(event);
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {t.deleteDialogTitle}
      </h2>
      <div id={bodyId} className="dialog__body">
        <ul className="dialog__consequences">
          <li>{t.deleteDialogData}</li>
          <li>{t.deleteDialogKakao}</li>
          <li>{t.deleteDialogDevices}</li>
        </ul>
        <p className="dialog__warning">{t.deleteDialogBody}</p>
      </div>
      {problem ? (
        <Notice tone="error" testId="delete-error">
          {t.deleteFailed(problemText(t, problem))}
        </Notice>
      ) : null}
      <div className="dialog__actions">
        <button
          ref={cancel}
          type="button"
          className="button button--secondary"
          disabled={deleting}
          onClick={onCancel}
        >
          {t.cancel}
        </button>
        <button type="button" className="button button--danger" disabled={deleting} onClick={onConfirm}>
          {deleting ? t.deleting : t.deleteConfirm}
        </button>
      </div>
    </dialog>
  );
}
