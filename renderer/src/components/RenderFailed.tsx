import { useI18n } from '../i18n/I18nProvider';

export function RenderFailed() {
  const { t } = useI18n();
  return (
    <main className="app-main">
      <section className="card" role="alert">
        <p className="card__subtitle">{t.problems.internal}</p>
      </section>
    </main>
  );
}
