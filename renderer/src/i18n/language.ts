import type { Language } from './messages';
import { isLanguage, pickLanguage } from './pick-language';

const STORAGE_KEY = 'kakao-desktop.language';

/** A choice made with the in-app switch wins over the OS language. Storage may be unavailable: then no memory. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {}
  return pickLanguage(navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {}
}
