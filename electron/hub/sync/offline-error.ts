/** The account's server cannot be reached now; the API answers 503 and nothing is lost. */
export class OfflineError extends Error {}

/**
 * The server refused the account's password (changed or revoked since the account logged in).
 * Not "offline": trying again with the same password cannot help, and each try is a failed
 * login the server may count towards locking the account.
 */
export class LoginRefusedError extends Error {}
