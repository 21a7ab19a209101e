/**
 * Sends an email at most once across retries of a step: the claim is
 * recorded before sending and undone if sending fails, so a retried step
 * neither skips nor repeats it. False when an earlier attempt already sent it.
 */
export async function sendOnce(steps: {
  claim: () => Promise<boolean>;
  send: () => Promise<void>;
  release: () => Promise<void>;
}): Promise<boolean> {
  if (!(await steps.claim())) return false;
  try {
    await steps.send();
  } catch (error) {
    await steps.release();
    throw error;
  }
  return true;
}
