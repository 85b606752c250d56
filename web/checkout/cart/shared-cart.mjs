// One cart for every tab of an origin: the saved state in localStorage, each
// write numbered (`rev`), and other tabs told through the storage event.
//
// The rule for concurrent edits: the latest write wins, whole. A tab adopts
// every write another tab makes as soon as it hears of it, and each action
// is applied to the state the tab holds then; a tab also reads the saved
// state again right before placing an order, and one that missed a write
// (`rev` moved) takes the saved cart and shows it instead of placing.
import { STORAGE_VERSION, cleanSavedState, loadSavedState, saveState } from '../cart-storage.mjs';

export class SharedCart {
  constructor(area, key) {
    this.area = area;
    this.key = key;
    this.rev = 0;        // the write this tab has seen last
    this.listeners = [];
    this.onStorage = (e) => {
      if (e.key !== this.key || e.storageArea !== this.area) return;
      const state = loadSavedState(this.area, this.key);
      // Two tabs may write the same number at once: a write is new when its
      // number is higher or its content is not what this tab last saw.
      if (!state || (state.rev <= this.rev && JSON.stringify(state) === this.seen)) return;
      this.rev = Math.max(this.rev, state.rev);
      this.seen = JSON.stringify(state);
      for (const fn of this.listeners) fn(state);
    };
    globalThis.addEventListener?.('storage', this.onStorage);
  }

  load() {
    const state = loadSavedState(this.area, this.key);
    if (state) { this.rev = Math.max(this.rev, state.rev); this.seen = JSON.stringify(state); }
    return state;
  }

  // The saved state when another tab wrote since this one last read, else null.
  newerThanSeen() {
    const state = loadSavedState(this.area, this.key);
    return state && state.rev > this.rev ? state : null;
  }

  // Writes only a change: a tab re-pricing what another tab wrote must not
  // write it back (the tabs would echo each other for ever). False if unchanged.
  save(state) {
    const saved = loadSavedState(this.area, this.key);
    const next = cleanSavedState({ v: STORAGE_VERSION, ...state, rev: saved?.rev ?? 0 });
    if (saved && JSON.stringify(next) === JSON.stringify(saved)) return false;
    this.rev = Math.max(this.rev, saved?.rev ?? 0) + 1;
    this.seen = JSON.stringify({ ...next, rev: this.rev });
    return saveState(this.area, this.key, { ...state, rev: this.rev });
  }

  // fn(state) for each write made by another tab.
  subscribe(fn) {
    this.listeners.push(fn);
    return () => { this.listeners = this.listeners.filter((f) => f !== fn); };
  }

  close() {
    globalThis.removeEventListener?.('storage', this.onStorage);
    this.listeners = [];
  }
}
