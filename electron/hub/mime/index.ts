// The hub's MIME module: pure functions from raw mail bytes (and imapflow's parsed
// BODYSTRUCTURE) to the data the sync engine stores. None of them throws on bad input:
// the hub must not crash on mail it does not control.
export { parseHeaderBlock, SUMMARY_HEADER_FIELDS } from './parse-header-block';
export { summarizeBodyStructure } from './body-structure';
export { decodeSnippet } from './snippet';
export { extractAttachment, parseMessageBody } from './message-body';
export type {
  AttachmentInfo,
  BodyStructureSummary,
  ExtractedAttachment,
  ParsedBody,
  ParsedHeaders,
  SnippetTextType,
  TextPartRef,
} from './parsed-message';
