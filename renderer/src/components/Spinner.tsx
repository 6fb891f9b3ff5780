import './Spinner.css';

export function Spinner({ size = 'large' }: { size?: 'small' | 'large' }) {
  return <span className={`spinner spinner--${size}`} aria-hidden="true" />;
}
