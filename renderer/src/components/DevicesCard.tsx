import type { DesktopApi, DeviceSession } from '@kakao-desktop/contract/ipc';
import { useEffect, useRef } from 'react';
import { problemText } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import { useDevices } from '../state/useDevices';
import { DeviceItem } from './DeviceItem';
import { Notice } from './Notice';
import { Spinner } from './Spinner';
import './DevicesCard.css';

/** Where the user is signed in, with a way to end any other device's session. Loads when it appears. */
export function DevicesCard({ api }: { api: DesktopApi }) {
  const { t } = useI18n();
  const { list, signingOut, signOutProblem, reload, signOutDevice } = useDevices(api);
  const heading = useRef<HTMLHeadingElement>(null);
  // A signed-out device's button (or the retry button) goes away with focus on it: keep the keyboard in the card.
  useEffect(() => {
    if (list.status === 'loaded' && document.activeElement === document.body) heading.current?.focus();
  }, [list]);
  return (
    <section className="card card--compact" aria-labelledby="devices-title" data-testid="devices">
      <h2 id="devices-title" className="card__heading" tabIndex={-1} ref={heading}>
        {t.devicesTitle}
      </h2>
      {list.status === 'loading' ? (
        <p className="devices__loading" data-testid="devices-loading">
          <Spinner size="small" />
          {t.devicesLoading}
        </p>
      ) : null}
      {list.status === 'failed' ? (
        <>
          <Notice tone="error" testId="devices-error" detail={problemText(t, list.problem)}>
            {t.devicesLoadFailed}
          </Notice>
          <button type="button" className="button button--secondary button--inline" onClick={reload}>
            {t.retry}
          </button>
        </>
      ) : null}
      {signOutProblem ? (
        <Notice tone="error" testId="device-sign-out-error">
          {t.signOutDeviceFailed(problemText(t, signOutProblem))}
        </Notice>
      ) : null}
      {list.status === 'loaded' ? (
        <ul className="devices">
          {thisDeviceFirst(list.devices).map((device) => (
            <DeviceItem
              key={device.id}
              device={device}
              signingOut={signingOut === device.id}
              disabled={signingOut !== null}
              onSignOut={signOutDevice}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const thisDeviceFirst = (devices: DeviceSession[]) =>
  [...devices].sort((a, b) => Number(b.current) - Number(a.current));
