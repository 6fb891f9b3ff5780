import { useI18n } from '../i18n/I18nProvider';
import { LANGUAGES, MESSAGES } from '../i18n/messages';
import './LanguageSwitch.css';

/** Each language is named in itself, so anyone can find theirs. */
export function LanguageSwitch() {
  const { language, setLanguage, t } = useI18n();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t.languageSwitchLabel}</legend>
      {LANGUAGES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          className="language-switch__option"
          aria-pressed={option === language}
          onClick={() => setLanguage(option)}
        >
          {MESSAGES[option].languageName}
        </button>
      ))}
    </fieldset>
  );
}
