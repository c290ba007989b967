// The thin React hook over the view store, apart from it so that the store loads
// without React.
import { useStore } from 'zustand';
import { uiStore, type UiState } from './ui-store';

export function useUi<T>(select: (state: UiState) => T): T {
  return useStore(uiStore, select);
}
