/**
 * A registry file is missing, unreadable, invalid or does not match what the caller expects. The
 * message names the file and says how to fix it; callers (API, retrain) keep serving what they had.
 *
 * @example
 * try { loadModelBundle(dir); } catch (e) { if (e instanceof RegistryError) console.error(e.message); }
 */
export class RegistryError extends Error {
  constructor(
    message: string,
    /** The file or folder the problem is about. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}
