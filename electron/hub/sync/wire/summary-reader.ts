// Turns the bytes one bulk FETCH command brings into summaries: cutting them into
// responses, parsing those, and decoding each message's headers and snippet. This
// is the work the parsing thread (summary-thread.ts) takes off the hub's own
// thread; without that thread, the hub does it here in the same way.
import { summarize, type Summarized } from '../fetch-summaries';
import { createResponseSplitter } from './response-splitter';
import { parseResponse, WireError } from './response-parser';
import { toFetchMessage } from './wire-fetch-message';

/** What one chunk of bytes brought. */
export interface ReadResult {
  items: Summarized[];
  /** The command's tagged OK came: the fetch is over. */
  done: boolean;
  /** Why the fetch failed (a NO, a BYE, a malformed response), or null. */
  failure: string | null;
}

/** Reads the responses to the command tagged `tag`, a chunk at a time, in the order they came. */
export function createSummaryReader(tag: string): (chunk: Buffer) => ReadResult {
  const splitter = createResponseSplitter();
  let over = false;
  return (chunk) => {
    const result: ReadResult = { items: [], done: false, failure: null };
    if (over) return result;
    try {
      for (const bytes of splitter.push(chunk)) {
        const response = parseResponse(bytes);
        if (response.kind === 'fetch') {
          const message = toFetchMessage(response.seq, response.attributes);
          if (message) result.items.push(summarize(message));
        } else if (response.kind === 'tagged' && response.tag === tag) {
          if (response.status !== 'OK') throw new WireError(`the server answered ${response.status}: ${response.text}`);
          result.done = true;
          break;
        } else if (response.kind === 'untagged' && response.name === 'BYE') {
          throw new WireError(`the server closed the session: ${response.text}`);
        }
      }
    } catch (error) {
      result.failure = error instanceof Error ? error.message : String(error);
    }
    over = result.done || result.failure !== null;
    return result;
  };
}
