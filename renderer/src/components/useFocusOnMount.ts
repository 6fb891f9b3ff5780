import { type RefObject, useEffect } from 'react';

/** Moves focus to a screen's heading when the screen appears, so screen readers follow the change. */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    ref.current?.focus();
  }, [ref]);
}
