import { useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { ActionError } from '../state/useSession';
import { DeleteAccountDialog } from './DeleteAccountDialog';
import './DeleteAccountCard.css';

interface Props {
  deleting: boolean;
  /** Another session call is in flight. */
  disabled: boolean;
  problem: ActionError | null;
  onDelete(): void;
}

/** "Delete account", behind a confirmation. Focus goes back to the button when the dialog is cancelled. */
export function DeleteAccountCard({ deleting, disabled, problem, onDelete }: Props) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  // An earlier attempt's failure is not shown when the dialog opens again.
  const [attempted, setAttempted] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setConfirming(false);
    // After the dialog has gone (its close() would otherwise move focus again).
    queueMicrotask(() => opener.current?.focus());
  };
  return (
    <section className="card card--compact danger-zone" aria-label={t.deleteAccount}>
      <p className="danger-zone__hint">{t.deleteAccountHint}</p>
      <button
        ref={opener}
        type="button"
        className="button button--danger-outline button--inline"
        disabled={disabled}
        onClick={() => {
          setAttempted(false);
          setConfirming(true);
        }}
      >
        {t.deleteAccount}
      </button>
      {confirming ? (
        <DeleteAccountDialog
          deleting={deleting}
          problem={attempted ? problem : null}
          onConfirm={() => {
            setAttempted(true);
            onDelete();
          }}
          onCancel={close}
        />
      ) : null}
    </section>
  );
}
