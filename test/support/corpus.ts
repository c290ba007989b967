// Moved to test/support/mail/; this module keeps the old import path and exports.
export { CORPUS_OWNER, type CorpusAttachment, type CorpusExpectation, type CorpusMessage } from './mail/corpus-message.js';
export { buildCorpus } from './mail/corpus.js';
export { syntheticMessages, type SyntheticOptions } from './mail/synthetic-corpus.js';
export { seededRandom } from './mail/seeded-random.js';
export { formatRfc5322Date } from './mail/rfc5322-date.js';
export { encodeText, type Charset } from './mail/charset-encoder.js';
export { encodeWord } from './mail/mime-encoding.js';
