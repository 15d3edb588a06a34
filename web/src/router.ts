import { useEffect, useState } from 'preact/hooks';

// History routing: real paths (/users/octocat) that the API answers with index.html, so links can be shared.

export type Route =
  | { name: 'users' }
  | { name: 'user'; username: string }
  | { name: 'sync' }
  | { name: 'not-found'; path: string };

export function parseRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'users' };
  if (path === '/sync') return { name: 'sync' };
  const user = /^\/users\/([^/]+)$/.exec(path);
  if (user) {
    try {
      return { name: 'user', username: decodeURIComponent(user[1]!) };
    } catch {
      // a malformed %-escape is no user
    }
  }
  return { name: 'not-found', path: pathname };
}

export function pathOf(route: Route): string {
  switch (route.name) {
    case 'users':
      return '/';
    case 'user':
      return `/users/${encodeURIComponent(route.username)}`;
    case 'sync':
      return '/sync';
    case 'not-found':
      return route.path;
  }
}

const NavigateEvent = 'gistcloud:navigate';

export function navigate(path: string): void {
  if (path === location.pathname) return;
  history.pushState(null, '', path);
  dispatchEvent(new Event(NavigateEvent));
}

/** The current route; follows links (navigate) and the browser's back and forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname));
    addEventListener('popstate', update);
    addEventListener(NavigateEvent, update);
    return () => {
      removeEventListener('popstate', update);
      removeEventListener(NavigateEvent, update);
    };
  }, []);
  return route;
}

/** A click that the app should handle itself: plain left click, no modifier (those open tabs and windows). */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey && !event.defaultPrevented;
}
