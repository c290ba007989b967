// A BODYSTRUCTURE as sent (RFC 3501 section 7.4.2, the `body` rule), turned into
// the node shape imapflow produces ({type, parameters, encoding, size,
// disposition, dispositionParameters, id, location, childNodes}), so that
// mime/body-structure.ts reads both the same way. Total: anything that does not
// fit the grammar becomes an empty node rather than an exception.
import type { WireValue } from './response-parser';

export interface WireStructureNode {
  type: string;
  parameters: Record<string, string>;
  encoding: string;
  size: number | null;
  disposition: string;
  dispositionParameters: Record<string, string>;
  id: string | null;
  location: string | null;
  childNodes: WireStructureNode[];
}

function text(value: WireValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return null;
}

function lower(value: WireValue | undefined): string {
  return (text(value) ?? '').toLowerCase();
}

/**
 * `("name" "a.pdf" "charset" "utf-8")` as a record with lowercased keys. An RFC 2231 split
 * or encoded name (`name*0`, `filename*`) is kept under its plain key as well: what
 * matters to the summary is that the part is named.
 */
function parameters(value: WireValue | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!Array.isArray(value)) return record;
  for (let i = 0; i + 1 < value.length; i += 2) {
    const key = lower(value[i]);
    const entry = text(value[i + 1]);
    if (!key || entry === null) continue;
    record[key] = entry;
    // RFC 2231 "name*0*": the name before the first "*". (A regex here, /\*.*$/, took quadratic
    // time on a key of many "*" before a line separator: 18 s for 200 KB, the hub frozen.)
    const star = key.indexOf('*');
    const plain = star < 0 ? key : key.slice(0, star);
    if (plain !== key && !(plain in record)) record[plain] = entry;
  }
  return record;
}

const EMPTY_NODE: WireStructureNode = {
  type: '',
  parameters: {},
  encoding: '',
  size: null,
  disposition: '',
  dispositionParameters: {},
  id: null,
  location: null,
  childNodes: [],
};

/** body-fld-dsp, body-fld-lang, body-fld-loc at `index` of an extension list. */
function extensions(list: WireValue[], index: number): Pick<WireStructureNode, 'disposition' | 'dispositionParameters' | 'location'> {
  const disposition = list[index];
  const location = text(list[index + 2]);
  return {
    disposition: Array.isArray(disposition) ? lower(disposition[0]) : '',
    dispositionParameters: Array.isArray(disposition) ? parameters(disposition[1]) : {},
    location,
  };
}

const MAX_DEPTH = 200;

function convert(value: WireValue | undefined, depth: number): WireStructureNode {
  if (!Array.isArray(value) || depth > MAX_DEPTH) return { ...EMPTY_NODE };
  if (Array.isArray(value[0])) {
    // body-type-mpart: its parts, then the subtype, then [params [disposition [language [location]]]].
    let index = 0;
    const childNodes: WireStructureNode[] = [];
    while (Array.isArray(value[index])) childNodes.push(convert(value[index++], depth + 1));
    const subtype = lower(value[index]);
    return {
      ...EMPTY_NODE,
      type: `multipart/${subtype}`,
      parameters: parameters(value[index + 1]),
      ...extensions(value, index + 2),
      childNodes,
    };
  }
  // body-type-1part: type, subtype, params, id, description, encoding, size, then by type
  // the line count (text/*) or envelope, body and line count (message/rfc822), then
  // md5 [disposition [language [location]]].
  const type = `${lower(value[0])}/${lower(value[1])}`;
  const size = Number(text(value[6]));
  let next = 7;
  const childNodes: WireStructureNode[] = [];
  if (type.startsWith('text/')) next = 8;
  else if ((type === 'message/rfc822' || type === 'message/global') && Array.isArray(value[8])) {
    childNodes.push(convert(value[8], depth + 1));
    next = 10;
  }
  return {
    type,
    parameters: parameters(value[2]),
    id: text(value[3]),
    encoding: lower(value[5]),
    size: Number.isFinite(size) && text(value[6]) !== null ? size : null,
    ...extensions(value, next + 1),
    childNodes,
  };
}

/** The structure node tree of a wire BODYSTRUCTURE value. */
export function wireBodyStructure(value: WireValue | undefined): WireStructureNode {
  return convert(value, 0);
}
