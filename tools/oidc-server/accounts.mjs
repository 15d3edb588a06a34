// The demo's people. Subjects are fixed UUIDs, so "new" and "added by" follow the same person across restarts.
// Local runs and tests only: the passwords are printed in the README.

/** @typedef {{ subject: string, username: string, password: string, name: string, email: string, groups: string[] }} DemoAccount */

/** @type {readonly DemoAccount[]} */
export const accounts = Object.freeze([
  {
    subject: '6f1c3a52-0d4e-4b8a-9a57-3c2b1e0f7a11',
    username: 'ada',
    password: 'ada-reads-gists',
    name: 'Ada Lovelace',
    email: 'ada@gistcloud.test',
    groups: [],
  },
  {
    subject: '2b9e7d40-5c1f-4e63-8d2a-7f4b0c9e1d22',
    username: 'grace',
    password: 'grace-admin-gists',
    name: 'Grace Hopper',
    email: 'grace@gistcloud.test',
    groups: ['admins'],
  },
]);

/** The account whose username and password these are, or null. */
export function checkPassword(username, password) {
  const account = accounts.find((a) => a.username === String(username ?? '').trim().toLowerCase());
  return account && account.password === password ? account : null;
}

export function accountBySubject(subject) {
  return accounts.find((a) => a.subject === subject) ?? null;
}
