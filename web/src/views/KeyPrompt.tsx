import { useEffect, useRef, useState } from 'preact/hooks';
import type { KeyRequest, KeyRequests } from '../keyRequests';

/** A modal dialog asking for the admin key; the key is kept for this tab only (sessionStorage). */
export function KeyPrompt({ requests }: { requests: KeyRequests }) {
  const [request, setRequest] = useState<KeyRequest | null>(null);
  const [key, setKey] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => requests.listen(setRequest), [requests]);
  useEffect(() => {
    if (request && !dialog.current?.open) dialog.current?.showModal();
    if (!request && dialog.current?.open) dialog.current.close();
    if (!request) setKey('');
  }, [request]);

  return (
    <dialog ref={dialog} class="key-prompt" aria-labelledby="key-title" onCancel={() => request?.answer(null)}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          request?.answer(key);
        }}
      >
        <h2 id="key-title">Admin key needed</h2>
        <p class="muted">{request?.reason}</p>
        <label for="admin-key">Admin key (kept for this tab only)</label>
        <input id="admin-key" type="password" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit" class="primary">
            Continue
          </button>
          <button type="button" onClick={() => request?.answer(null)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
