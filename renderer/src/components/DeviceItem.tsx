import type { DeviceSession } from '@kakao-desktop/contract/ipc';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import './DeviceItem.css';

interface Props {
  device: DeviceSession;
  /** This device's sign-out is in flight. */
  signingOut: boolean;
  /** Another sign-out is in flight: one at a time. */
  disabled: boolean;
  onSignOut(id: string): void;
}

/** One signed-in device: name, when it signed in and was last used; "Sign out" on every device but this one. */
export function DeviceItem({ device, signingOut, disabled, onSignOut }: Props) {
  const { t, language } = useI18n();
  const name = device.deviceName?.trim() || t.unknownDevice;
  const signedInAt = formatDateTime(device.signedInAt, language);
  const lastUsedAt = formatDateTime(device.lastUsedAt, language);
  return (
    <li className="device" data-testid="device" data-current={device.current}>
      <div className="device__text">
        <p className="device__name">
          {name}
          {device.current ? <span className="device__this">{t.thisDevice}</span> : null}
        </p>
        {lastUsedAt ? <p className="device__time">{t.deviceLastUsedAt(lastUsedAt)}</p> : null}
        {signedInAt ? <p className="device__time">{t.deviceSignedInAt(signedInAt)}</p> : null}
      </div>
      {device.current ? null : (
        <button
          type="button"
          className="button button--small"
          disabled={disabled}
          aria-label={signingOut ? undefined : t.signOutDeviceNamed(name)}
          onClick={() => onSignOut(device.id)}
        >
          {signingOut ? t.signingOutDevice : t.signOutDevice}
        </button>
      )}
    </li>
  );
}
