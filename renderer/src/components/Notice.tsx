import type { ReactNode } from 'react';
import './Notice.css';

export type NoticeTone = 'error' | 'warning' | 'info';

interface Props {
  tone: NoticeTone;
  children: ReactNode;
  detail?: ReactNode;
  testId?: string;
}

/** Errors interrupt (role=alert); warnings and information are read politely (role=status). */
export function Notice({ tone, children, detail, testId }: Props) {
  return (
    <div
      className={`notice notice--${tone}`}
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
    >
      <NoticeIcon tone={tone} />
      <div className="notice__body">
        <p className="notice__text">{children}</p>
        {detail ? <p className="notice__detail">{detail}</p> : null}
      </div>
    </div>
  );
}

/** A filled circle with "!" (error, warning) or "i" (info), drawn so no stray glyph joins the notice's text. */
function NoticeIcon({ tone }: { tone: NoticeTone }) {
  return (
    <svg
      className="notice__icon"
      viewBox="0 0 20 20"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="10" cy="10" r="10" fill="currentColor" />
      {tone === 'info' ? (
        <g fill="#ffffff">
          <circle cx="10" cy="5.75" r="1.35" />
          <rect x="8.8" y="8.5" width="2.4" height="6.5" rx="1.2" />
        </g>
      ) : (
        <g fill="#ffffff">
          <rect x="8.8" y="4.5" width="2.4" height="7" rx="1.2" />
          <circle cx="10" cy="14.4" r="1.35" />
        </g>
      )}
    </svg>
  );
}
