import { useCallback, useEffect, useState } from 'preact/hooks';

export type Async<T> =
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: Error };

/**
 * Runs `load` when `deps` change (showing "loading" again) and on `reload` (keeping what is shown until the
 * new answer). An answer that arrives after a newer call is dropped.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => setResult({ state: 'loading' }), deps);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setResult({ state: 'ok', data }),
      (error: unknown) => current && setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  return [result, useCallback(() => setGeneration((g) => g + 1), [])];
}
