import { describe, expect, it } from 'vitest';
import { KeyRequests, type KeyRequest } from './keyRequests';

describe('KeyRequests', () => {
  it('hands the question to the dialog and resolves with its answer', async () => {
    const requests = new KeyRequests();
    const shown: (KeyRequest | null)[] = [];
    requests.listen((request) => shown.push(request));

    const answer = requests.ask('This call needs the admin key.');
    shown[0]!.answer('the-key');

    expect(await answer).toBe('the-key');
    expect(shown.map((r) => r?.reason ?? null)).toEqual(['This call needs the admin key.', null]);
  });

  it('asks once for writes refused at the same time', async () => {
    const requests = new KeyRequests();
    const shown: (KeyRequest | null)[] = [];
    requests.listen((request) => shown.push(request));

    const both = Promise.all([requests.ask('first'), requests.ask('second')]);
    shown[0]!.answer('k');

    expect(await both).toEqual(['k', 'k']);
    expect(shown.filter(Boolean)).toHaveLength(1);
  });

  it('answers null when no dialog listens', async () => {
    expect(await new KeyRequests().ask('x')).toBeNull();
  });
});
