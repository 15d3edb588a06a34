import { useState } from 'preact/hooks';
import type { User } from '../api/types';
import { usernameError } from '../username';
import { useApi } from './context';

/** Adds a user: the API's username rule is checked as you type; what the server refuses shows its problem detail. */
export function AddUserForm({ onAdded }: { onAdded: (user: User) => void }) {
  const api = useApi();
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverError, setServerError] = useState('');
  const username = text.trim();
  const invalid = usernameError(username);
  const message = touched ? invalid : null; // after the first blur or submit, then live as you type

  const submit = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    setServerError('');
    if (invalid) return;
    setBusy(true);
    try {
      const user = await api.addUser(username);
      setText('');
      setTouched(false);
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
          aria-invalid={message ? 'true' : 'false'}
          aria-describedby="new-username-message"
          onInput={(e) => {
            setText(e.currentTarget.value);
            setServerError('');
          }}
          onBlur={() => setTouched(true)}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add'}
        </button>
      </div>
      <p id="new-username-message" class={message || serverError ? 'field-error' : 'hint'} role={serverError ? 'alert' : undefined}>
        {serverError || message || 'Letters, digits and single hyphens; up to 39 characters.'}
      </p>
    </form>
  );
}
