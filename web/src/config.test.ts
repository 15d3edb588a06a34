import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('config.json', () => {
  const answer = (body: string, status = 200) => async () => new Response(body, { status });

  it('overrides the API base when it names one', async () => {
    expect(await loadConfig(answer('{"apiBase":"https://api.example.com/api"}'))).toEqual({ apiBase: 'https://api.example.com/api' });
  });

  it.each([
    ['absent', answer('', 404)],
    ['empty', answer('{}')],
    ['not JSON', answer('<html>')],
    ['a wrong type', answer('{"apiBase":42}')],
    ['unreachable', async () => Promise.reject(new TypeError('offline'))],
  ])('keeps same-origin /api when %s', async (_, fetch) => {
    expect(await loadConfig(fetch as typeof globalThis.fetch)).toEqual({ apiBase: '/api' });
  });
});
