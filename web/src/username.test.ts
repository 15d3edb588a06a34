import { describe, expect, it } from 'vitest';
import { usernameError } from './username';

describe('usernameError (the API rule, same messages)', () => {
  it.each(['octocat', 'OctoCat', 'a', 'a-b-c', '0xDEADBEEF', 'abcdefghijklmnopqrstuvwxyz0123456789abc'])('accepts %s', (name) => {
    expect(usernameError(name)).toBeNull();
  });

  it.each([
    ['', 'A GitHub username is required.'],
    ['abcdefghijklmnopqrstuvwxyz0123456789abcd', "A GitHub username has at most 39 characters; 'abcdefghijklmnopqrstuvwxyz0123456789abcd' has 40."],
    ['-octocat', "A GitHub username cannot start or end with a hyphen: '-octocat'."],
    ['octocat-', "A GitHub username cannot start or end with a hyphen: 'octocat-'."],
    ['-', "A GitHub username cannot start or end with a hyphen: '-'."],
    ['octo--cat', "A GitHub username cannot contain consecutive hyphens: 'octo--cat'."],
    ['octo_cat', "A GitHub username may contain only ASCII letters, digits and hyphens; 'octo_cat' contains '_'."],
    ['octo cat', "A GitHub username may contain only ASCII letters, digits and hyphens; 'octo cat' contains 'U+0020'."],
    ['octo\tcat', "A GitHub username may contain only ASCII letters, digits and hyphens; 'octo\tcat' contains 'U+0009'."],
    ['héllo', "A GitHub username may contain only ASCII letters, digits and hyphens; 'héllo' contains 'é'."],
    ['octo/cat', "A GitHub username may contain only ASCII letters, digits and hyphens; 'octo/cat' contains '/'."],
  ])('refuses %j with the API message', (name, message) => {
    expect(usernameError(name)).toBe(message);
  });

  it('checks characters before hyphens, as the API does', () => {
    expect(usernameError('-a_b')).toContain("contains '_'");
  });

  it('shortens a very long name in the message', () => {
    const message = usernameError('x'.repeat(500))!;
    expect(message).toContain(`'${'x'.repeat(47)}...' has 500.`);
    expect(message.length).toBeLessThan(200);
  });
});
