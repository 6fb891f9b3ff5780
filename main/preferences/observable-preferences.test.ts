import { describe, expect, it, vi } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { observablePreferences } from './observable-preferences';

describe('observablePreferences', () => {
  it('tells each listener the saved value and the one before it', () => {
    const store = observablePreferences(new MemoryPreferences({ language: 'en' }));
    const listener = vi.fn();
    store.subscribe(listener);
    const saved = store.update({ language: 'ko' });
    expect(saved.language).toBe('ko');
    expect(store.get().language).toBe('ko');
    expect(listener).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ language: 'ko' }),
      expect.objectContaining({ language: 'en' }),
    );
  });

  it('tells nobody about a refused patch, and the stored value stays', () => {
    const store = observablePreferences(new MemoryPreferences({ language: 'en' }));
    const listener = vi.fn();
    store.subscribe(listener);
    expect(() => store.update({ language: 'fr' as never })).toThrow();
    expect(listener).not.toHaveBeenCalled();
    expect(store.get().language).toBe('en');
  });

  it('stops calling a listener once unsubscribed', () => {
    const store = observablePreferences(new MemoryPreferences());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    unsubscribe();
    store.update({ language: 'ko' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('still saves, and still tells the other listeners, when one listener throws', () => {
    const store = observablePreferences(new MemoryPreferences());
    const after = vi.fn();
    store.subscribe(() => {
      throw new Error('menu broke');
    });
    store.subscribe(after);
    expect(store.update({ language: 'ko' }).language).toBe('ko');
    expect(after).toHaveBeenCalledOnce();
  });
});
