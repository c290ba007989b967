/** The account's server cannot be reached now; the API answers 503 and nothing is lost. */
export class OfflineError extends Error {}
