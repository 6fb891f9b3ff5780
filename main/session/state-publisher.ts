/** The session's current state and who is told of each change. A failing listener is logged, never fatal. */
import type { SessionState } from '@kakao-desktop/contract';
import type { SessionListener } from './session-deps';
import { errorSummary, type SessionLog } from './session-log';

export class StatePublisher {
  private state: SessionState = { kind: 'starting' };
  private readonly listeners = new Set<SessionListener>();

  constructor(private readonly log: SessionLog) {}

  get(): SessionState {
    return this.state;
  }

  /** Called on every change (not with the current state). Returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  set(next: SessionState): void {
    this.state = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.log('state listener failed', errorSummary(error));
      }
    }
  }

  /** App quit: nobody is told anything any more. */
  unsubscribeAll(): void {
    this.listeners.clear();
  }
}
