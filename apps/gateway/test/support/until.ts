/**
 * Resolves once `check` holds, polling, with the milliseconds it waited; throws after `timeoutMs`
 * (generous: the machine is loaded).
 */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - started;
}
