import { describe, expect, it } from 'vitest';
import { parseRoute, pathOf } from './router';

describe('routes', () => {
  it.each([
    ['/', { name: 'users' }],
    ['/sync', { name: 'sync' }],
    ['/sync/', { name: 'sync' }],
    ['/users/octocat', { name: 'user', username: 'octocat' }],
    ['/users/%E2%9C%93', { name: 'user', username: '✓' }],
    ['/users/%E0%A4%A', { name: 'not-found', path: '/users/%E0%A4%A' }],
    ['/users', { name: 'not-found', path: '/users' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('paths round-trip', () => {
    expect(pathOf({ name: 'user', username: 'a b' })).toBe('/users/a%20b');
    expect(parseRoute(pathOf({ name: 'user', username: 'a b' }))).toEqual({ name: 'user', username: 'a b' });
  });
});
