/** One value kept in web storage; storage can be missing or refuse (private modes, quotas), so this never throws. */
export interface StoredValue {
  get(): string | null;
  set(value: string | null): void;
}

export function storedValue(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null, name: string): StoredValue {
  let fallback: string | null = null; // kept in memory when storage refuses
  return {
    get() {
      try {
        return storage?.getItem(name) ?? fallback;
      } catch {
        return fallback;
      }
    },
    set(value) {
      fallback = value;
      try {
        if (value === null) storage?.removeItem(name);
        else storage?.setItem(name, value);
      } catch {
        // the in-memory copy still serves this page
      }
    },
  };
}

/** `window.localStorage` or `sessionStorage`, or null where reading it throws (sandboxed frames, some private modes). */
export function webStorage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}
