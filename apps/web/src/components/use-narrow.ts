import { useSyncExternalStore } from 'react';

/**
 * Phones and tablets in portrait (≤ 960 px): the header folds into a menu, the thread becomes tabs
 * and the inbox a list of cards. The same width as the `@media (max-width: 960px)` rules in styles.css.
 */
export const NARROW_QUERY = '(max-width: 960px)';

const subscribe = (listener: () => void) => {
  const list = window.matchMedia(NARROW_QUERY);
  list.addEventListener('change', listener);
  return () => list.removeEventListener('change', listener);
};
const read = () => window.matchMedia(NARROW_QUERY).matches;

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, read);
}
