import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { BridgeMissing } from './components/BridgeMissing';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RenderFailed } from './components/RenderFailed';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

// The preload bridge; missing when the page is opened outside the app.
const api: DesktopApi | undefined = window.api;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <ErrorBoundary fallback={<RenderFailed />}>
        {api ? (
          <App api={api} />
        ) : (
          <main className="app-main">
            <BridgeMissing />
          </main>
        )}
      </ErrorBoundary>
    </I18nProvider>
  </StrictMode>,
);
