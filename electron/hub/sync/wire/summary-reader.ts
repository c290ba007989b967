// Turns the bytes a bulk fetch's FETCH commands bring into summaries: cutting them into
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
  /** Commands whose tagged OK came in this chunk. */
  completed: number;
  /** Every command has its tagged OK now: the fetch is over. */
  done: boolean;
  /** Why the fetch failed (a NO, a BYE, a malformed response), or null. */
  failure: string | null;
}

/**
 * Reads the responses to the commands tagged `tags`, sent together (pipelined), a chunk at a
 * time, in the order the chunks came. The fetch is over when every command has its tagged OK,
 * in whatever order: Dovecot answers a command it cannot parse (BAD) at once, before those
 * still running ahead of it.
 */
export function createSummaryReader(tags: readonly string[]): (chunk: Buffer) => ReadResult {
  const splitter = createResponseSplitter();
  const running = new Set(tags);
  let over = running.size === 0;
  return (chunk) => {
    const result: ReadResult = { items: [], completed: 0, done: false, failure: null };
    if (over) return result;
    try {
      for (const bytes of splitter.push(chunk)) {
        const response = parseResponse(bytes);
        if (response.kind === 'fetch') {
          const message = toFetchMessage(response.seq, response.attributes);
          if (message) result.items.push(summarize(message));
        } else if (response.kind === 'tagged' && running.has(response.tag)) {
          if (response.status !== 'OK') throw new WireError(`the server answered ${response.status}: ${response.text}`);
          running.delete(response.tag);
          result.completed += 1;
          if (running.size === 0) {
            result.done = true;
            break;
          }
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
