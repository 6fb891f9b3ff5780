import { useI18n } from '../i18n/I18nProvider';

/** Shown when the page runs without the preload bridge (opened in a plain browser, or the preload failed). */
export function BridgeMissing() {
  const { t } = useI18n();
  return (
    <section className="card" role="alert">
      <h1 className="card__title">{t.bridgeMissingTitle}</h1>
      <p className="card__subtitle">{t.bridgeMissingBody}</p>
    </section>
  );
}
