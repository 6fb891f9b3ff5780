import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// App-wide styles before any component, so each component's own styles (imported by the component) come later
// in the bundle and may refine .card and .button at equal specificity.
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/card.css';
import './styles/buttons.css';
import { App } from './App';
import { BridgeMissing } from './components/BridgeMissing';
import { ErrorBoundary } from './components/ErrorBoundary';
import { RenderFailed } from './components/RenderFailed';
import { I18nProvider } from './i18n/I18nProvider';

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
