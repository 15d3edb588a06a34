import { describe, expect, it } from 'vitest';
import { loadConfig, parseAuth } from './config';

describe('config.json', () => {
  const answer = (body: string, status = 200) => async () => new Response(body, { status });

  it('overrides the API base when it names one', async () => {
    expect(await loadConfig(answer('{"apiBase":"https://api.example.com/api"}'))).toEqual({ apiBase: 'https://api.example.com/api', auth: null });
  });

  it.each([
    ['absent', answer('', 404)],
    ['empty', answer('{}')],
    ['not JSON', answer('<html>')],
    ['a wrong type', answer('{"apiBase":42}')],
    ['unreachable', async () => Promise.reject(new TypeError('offline'))],
  ])('keeps same-origin /api and sign-in off when %s', async (_, fetch) => {
    expect(await loadConfig(fetch as typeof globalThis.fetch)).toEqual({ apiBase: '/api', auth: null });
  });

  it('reads the sign-in settings the API writes', async () => {
    const body = '{"apiBase":"/api","auth":{"authority":"http://127.0.0.1:5094","clientId":"gistcloud-web","scope":"openid profile email","signOutUrl":null}}';
    expect(await loadConfig(answer(body))).toEqual({
      apiBase: '/api',
      auth: { authority: 'http://127.0.0.1:5094', clientId: 'gistcloud-web', scope: 'openid profile email', signOutUrl: null },
    });
  });
});

describe('the auth block', () => {
  const cognito = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC';

  it("keeps Cognito's logout URL, defaults the scope and tidies the authority", () => {
    expect(parseAuth({ authority: `${cognito}/`, clientId: ' abc123 ', signOutUrl: 'https://gc.auth.eu-west-1.amazoncognito.com/logout' })).toEqual({
      authority: cognito,
      clientId: 'abc123',
      scope: 'openid profile email',
      signOutUrl: 'https://gc.auth.eu-west-1.amazoncognito.com/logout',
    });
  });

  it('normalises the spaces of a scope', () => {
    expect(parseAuth({ authority: cognito, clientId: 'a', scope: '  openid   email ' })?.scope).toBe('openid email');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
    ['an array', []],
    ['without an authority', { clientId: 'a' }],
    ['with an authority that is no URL', { authority: 'cognito', clientId: 'a' }],
    ['with a javascript: authority', { authority: 'javascript:alert(1)', clientId: 'a' }],
    ['without a client id', { authority: cognito }],
    ['with a blank client id', { authority: cognito, clientId: '  ' }],
  ])('leaves sign-in off when %s', (_, auth) => {
    expect(parseAuth(auth)).toBeNull();
  });

  it('drops a sign-out URL that is not http(s)', () => {
    expect(parseAuth({ authority: cognito, clientId: 'a', signOutUrl: 'javascript:alert(1)' })?.signOutUrl).toBeNull();
  });
});
