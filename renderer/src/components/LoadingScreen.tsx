import { useI18n } from '../i18n/I18nProvider';
import { Spinner } from './Spinner';
import './LoadingScreen.css';

export function LoadingScreen() {
  const { t } = useI18n();
  return (
    <div className="loading" data-testid="starting">
      <Spinner />
      <p>{t.starting}</p>
    </div>
  );
}
