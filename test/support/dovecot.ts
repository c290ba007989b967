// Moved to test/support/mail/; this module keeps the old import path and exports.
export * from './mail/dovecot.js';
