import type { AppLanguage, DesktopApi } from '@kakao-desktop/contract/ipc';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Keeps main (and so the native menu) on the page's language. Once main has said which language it keeps,
 * that one wins over the OS guess (unless the user already switched); from then on every language the page
 * shows is sent to main, the first one included.
 */
export function useLanguageSync(api: DesktopApi, savedLanguage: AppLanguage | null | undefined): void {
  const { language, setLanguage } = useI18n();
  const [synced, setSynced] = useState(false);
  const languageAtStart = useRef(language);

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, when main's answer arrives.
  useEffect(() => {
    if (savedLanguage === undefined || synced) return;
    if (savedLanguage && language === languageAtStart.current) setLanguage(savedLanguage);
    setSynced(true);
  }, [savedLanguage]);

  useEffect(() => {
    // The menu not following is no reason to bother the user: the page's own language already changed.
    if (synced) api.setLanguage(language).catch(() => {});
  }, [api, synced, language]);
}
