import { useEffect, useState } from 'preact/hooks';
import { emptyPaged, loadNext, type PageLoader, type Paged } from '../paging';
import { useAsync, type Async } from './useAsync';

export interface PagedList<T> {
  first: Async<Paged<T>>;
  /** Every page loaded so far, once the first has arrived. */
  paged: Paged<T> | null;
  loadMore: () => Promise<void>;
  loadingMore: boolean;
  moreError: Error | null;
  reload: () => void;
}

/** A cursor-paged list: the first page when `deps` change, then one more page per `loadMore`. */
export function usePaged<T>(load: PageLoader<T>, deps: unknown[]): PagedList<T> {
  const [first, reload] = useAsync(() => loadNext(emptyPaged<T>(), load), deps);
  const [more, setMore] = useState<Paged<T> | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error | null>(null);
  useEffect(() => setMore(null), [first]);

  const paged = more ?? (first.state === 'ok' ? first.data : null);
  const loadMore = async () => {
    if (!paged || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      setMore(await loadNext(paged, load));
    } catch (error) {
      setMoreError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setLoadingMore(false);
    }
  };
  return { first, paged, loadMore, loadingMore, moreError, reload };
}
