// GitHub's login rule, with the same checks in the same order and the same messages as the API
// (app/Core/Domain/Users/GitHubUsername.cs), so the form says exactly what the server would.

export const MaxUsernameLength = 39;

/** What is wrong with `text` as a GitHub username, or null when it is valid. */
export function usernameError(text: string): string | null {
  if (text.length === 0) return 'A GitHub username is required.';
  if (text.length > MaxUsernameLength) {
    return `A GitHub username has at most ${MaxUsernameLength} characters; '${shorten(text)}' has ${text.length}.`;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!isAsciiLetterOrDigit(c) && c !== '-') {
      return `A GitHub username may contain only ASCII letters, digits and hyphens; '${shorten(text)}' contains '${printable(c)}'.`;
    }
  }
  if (text.startsWith('-') || text.endsWith('-')) return `A GitHub username cannot start or end with a hyphen: '${text}'.`;
  if (text.includes('--')) return `A GitHub username cannot contain consecutive hyphens: '${text}'.`;
  return null;
}

function isAsciiLetterOrDigit(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

function shorten(text: string): string {
  return text.length <= 50 ? text : `${text.slice(0, 47)}...`;
}

// Like .NET (one UTF-16 unit at a time), control characters and white space are named by their code point.
function printable(unit: string): string {
  const code = unit.charCodeAt(0);
  const isControl = code < 0x20 || (code >= 0x7f && code <= 0x9f);
  const isWhiteSpace = /\s/.test(unit) && code !== 0xfeff; // .NET does not count U+FEFF as white space
  return isControl || isWhiteSpace ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : unit;
}
