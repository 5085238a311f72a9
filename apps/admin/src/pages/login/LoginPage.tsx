import { type FormEvent, useState } from 'react';
import { checkMasterKey } from '../../api/auth';
import { ApiError } from '../../api/errors';
import { Brand, ThemeToggle } from '../../components/AppShell';
import { Field } from '../../components/Field';
import { session } from '../../session';

export function LoginPage() {
  const [masterKey, setMasterKey] = useState('');
  const [error, setError] = useState<string>();
  const [checking, setChecking] = useState(false);

  async function signIn(event: FormEvent) {
    event.preventDefault();
    const candidate = masterKey.trim();
    if (!candidate) {
      setError('Paste the master key to sign in.');
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      await checkMasterKey(candidate);
      session.signIn(candidate);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401
          ? 'That is not the master key of this gateway.'
          : failure instanceof Error
            ? failure.message
            : String(failure),
      );
      setChecking(false);
    }
  }

  return (
    <div className="login">
      <div className="login-theme">
        <ThemeToggle />
      </div>
      <main className="login-card">
        <Brand />
        <h1>Sign in to the admin console</h1>
        <p className="page-description">
          Paste the gateway's master key. It was printed when the gateway first started and is stored in its
          data directory; it stays in this browser tab only.
        </p>
        <form onSubmit={signIn} noValidate>
          <Field label="Master key" error={error}>
            {(control) => (
              <input
                {...control}
                className="input input-mono"
                type="password"
                autoComplete="current-password"
                spellCheck={false}
                value={masterKey}
                onChange={(event) => setMasterKey(event.target.value)}
              />
            )}
          </Field>
          <button type="submit" className="button button-primary button-block" disabled={checking}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
