/** A problem that stops start-up; its message is one line that says what to fix. */
export class StartupError extends Error {
  override name = 'StartupError';
}
