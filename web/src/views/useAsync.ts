import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';

export type Async<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: Error };

/**
 * Runs `load` when `deps` change (showing "loading" again) and on `reload` (keeping what is shown until the new
 * answer). An answer that arrives after a newer call is dropped. The call starts while rendering, not in an effect
 * after the first paint, so a page's requests leave as early as they can (and all at once).
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const pending = useMemo(() => {
    const promise = load();
    promise.catch(() => undefined); // handled below; an unmounted component must not leave an unhandled rejection
    return promise;
  }, [...deps, generation]);
  useEffect(() => setResult({ state: 'loading' }), deps);
  useEffect(() => {
    let current = true;
    pending.then(
      (data) => current && setResult({ state: 'ok', data }),
      (error: unknown) => current && setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [pending]);
  return [result, useCallback(() => setGeneration((g) => g + 1), [])];
}
