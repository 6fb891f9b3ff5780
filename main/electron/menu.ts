/** The application menu, rebuilt when the session state changes (so "Sign out" is enabled only when it applies). */
import { Menu } from 'electron';
import type { SessionManager } from '../session/session-manager';
import { buildMenuTemplate } from './menu-template';

export function setupMenu(session: Pick<SessionManager, 'getState' | 'subscribe' | 'signOut'>): () => void {
  const render = () => {
    const template = buildMenuTemplate(
      session.getState(),
      { signOut: () => void session.signOut() },
      process.platform,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };
  render();
  return session.subscribe(render);
}
