import { useState } from 'preact/hooks';
import type { User } from '../api/types';
import { usernameError } from '../username';
import { useApi, usePermissions } from './context';

export const WriteReason = 'Only admins can add or remove users.';

/** Adds a user: the API's username rule is checked as you type; what the server refuses shows its problem detail. */
export function AddUserForm({ onAdded }: { onAdded: (user: User) => void }) {
  const api = useApi();
  const { canWrite } = usePermissions();
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState('');
  const username = text.trim();
  const invalid = usernameError(username);
  // A rule broken shows after the first submit, then live as you type; a blur alone never flags an empty field, and
  // a name that is not empty is checked once it is left.
  const [left, setLeft] = useState(false);
  const message = submitted || (left && username !== '') ? invalid : null;
  const flagged = Boolean(message || serverError);

  const submit = async (event: Event) => {
    event.preventDefault();
    setSubmitted(true);
    setServerError('');
    if (invalid) return;
    setBusy(true);
    try {
      const user = await api.addUser(username);
      setText('');
      setSubmitted(false);
      setLeft(false);
      onAdded(user);
    } catch (error) {
      setServerError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="add-user" onSubmit={submit} noValidate>
      <label for="new-username">Add a GitHub user</label>
      <div class="inline">
        <input
          id="new-username"
          name="username"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder="octocat"
          value={text}
          disabled={!canWrite}
          aria-invalid={flagged ? 'true' : 'false'}
          aria-describedby="new-username-message"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setServerError('');
          }}
          onBlur={() => setLeft(true)}
        />
        <button type="submit" class="primary" disabled={busy || !canWrite}>
          {busy ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p id="new-username-message" class={message || serverError ? 'field-error' : 'hint'} role={serverError ? 'alert' : undefined}>
        {serverError || message || (canWrite ? 'Letters, digits and single hyphens; up to 39 characters.' : WriteReason)}
      </p>
    </form>
  );
}
