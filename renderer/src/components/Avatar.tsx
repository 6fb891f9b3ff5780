import { useState } from 'react';
import { initials } from '../lib/profile-display';
import './Avatar.css';

interface Props {
  /** Already vetted by avatarSource(); null = no picture. */
  src: string | null;
  name: string | null;
}

/** Profile picture, or initials when there is none or it fails to load. Decorative: the name is next to it. */
export function Avatar({ src, name }: Props) {
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (src && src !== failedSrc) {
    return (
      <img
        className="avatar"
        src={src}
        alt=""
        width={88}
        height={88}
        referrerPolicy="no-referrer"
        onError={() => setFailedSrc(src)}
      />
    );
  }
  return (
    <span className="avatar avatar--initials" aria-hidden="true" data-testid="avatar-initials">
      {initials(name)}
    </span>
  );
}
