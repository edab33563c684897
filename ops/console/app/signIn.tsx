import { useState } from 'preact/hooks';
import { describeError, gql } from './api/graphql.js';
import { apiKey, signIn, signedOutBecause } from './api/session.js';
import type { Viewer } from './api/session.js';
import { ErrorNote } from './ui/errorNote.js';

export const VIEWER_QUERY = 'query Viewer { viewer { keyId label tenant role capabilities } }';

/** The sign-in form: the key is checked by asking the server who it is before anything is kept. */
export function SignIn() {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(signedOutBecause.value);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const token = key.trim();
    if (token === '') return setError('Enter an API key (mir keys create prints one).');
    setBusy(true);
    apiKey.value = token;
    try {
      const data = await gql<{ viewer: Viewer }>(VIEWER_QUERY);
      signIn(token, data.viewer);
    } catch (failure) {
      apiKey.value = null;
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>MIR console</h1>
      <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          value={key}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p class="hint">
          Kept in this tab only (sessionStorage) and sent as the bearer token to this server.
        </p>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        {error !== null && <ErrorNote message={error} />}
      </form>
    </main>
  );
}
