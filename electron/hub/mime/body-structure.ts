// What the sync engine needs from a FETCH BODYSTRUCTURE (RFC 3501 section 7.4.2), as
// imapflow parses it (`{part?, type, parameters, encoding, disposition, id, childNodes}`):
// whether the message has attachments, and which part to fetch for a snippet.
//
// Part numbers are computed here rather than read from imapflow's `part`: imapflow gives
// the body of a single-part message encapsulated in message/rfc822 the wrapper's own
// number, while RFC 3501 section 6.4.5 numbers it "<wrapper>.1".
import type { BodyStructureSummary, SnippetTextType, TextPartRef } from './parsed-message';

interface StructureNode {
  type: string;
  parameters: Record<string, string>;
  encoding: string;
  disposition: string;
  dispositionParameters: Record<string, string>;
  /** Content-ID or Content-Location present: something a multipart/related root can reference. */
  referencable: boolean;
  /** Encoded size in bytes, null when the structure does not say. */
  size: number | null;
  childNodes: unknown[];
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return record;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') record[key.toLowerCase()] = entry;
  }
  return record;
}

function lowerString(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

// RFC 2045 section 5.1 type "/" subtype; Dovecot reports a garbage Content-Type as "/".
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** RFC 2045 section 5.2: a missing or invalid Content-Type means text/plain (us-ascii). */
function mediaType(value: unknown): string {
  const type = lowerString(value);
  return type.startsWith('multipart/') || MEDIA_TYPE.test(type) ? type : 'text/plain';
}

/** A defensive view of one imapflow structure node: anything missing or mistyped becomes empty. */
function readNode(value: unknown): StructureNode | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const node = value as Record<string, unknown>;
  return {
    type: mediaType(node.type),
    parameters: stringRecord(node.parameters),
    encoding: lowerString(node.encoding),
    disposition: lowerString(node.disposition),
    dispositionParameters: stringRecord(node.dispositionParameters),
    referencable: (typeof node.id === 'string' && node.id.trim() !== '') || (typeof node.location === 'string' && node.location.trim() !== ''),
    size: typeof node.size === 'number' && Number.isFinite(node.size) ? node.size : null,
    childNodes: Array.isArray(node.childNodes) ? node.childNodes : [],
  };
}

interface Leaf {
  node: StructureNode;
  part: string;
  /** The nearest multipart ancestor's subtype ('mixed', 'related', ...), '' at the root. */
  parentSubtype: string;
  /** Position among that parent's children (0 = the root of a multipart/related). */
  position: number;
  /** Inside a message/rfc822 attachment (a forwarded message). */
  encapsulated: boolean;
  /** Inside multipart/signed or multipart/encrypted machinery (RFC 1847). */
  securityPart: boolean;
}

// Deep and wide enough for any real message (imapflow drops a BODYSTRUCTURE nested past
// its own limit, and Dovecot flattens MIME nesting past 100 levels), and bounded so that
// hand-built or cyclic input cannot exhaust the stack or loop.
const MAX_DEPTH = 256;
const MAX_NODES = 20_000;

function collectLeaves(root: unknown): Leaf[] {
  const leaves: Leaf[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown, path: number[], parentSubtype: string, position: number, encapsulated: boolean, depth: number): void => {
    if (typeof value !== 'object' || value === null || seen.has(value) || seen.size >= MAX_NODES || depth > MAX_DEPTH) return;
    seen.add(value);
    const node = readNode(value);
    if (!node) return;
    if (node.type.startsWith('multipart/')) {
      const subtype = node.type.slice('multipart/'.length);
      node.childNodes.forEach((child, index) => {
        const childPath = [...path, index + 1];
        // RFC 1847 section 2 (PGP/MIME RFC 3156, S/MIME RFC 8551): the signature of
        // multipart/signed (every part after the first) and both parts of multipart/encrypted
        // are protocol machinery, not something the user attached: kept as opaque leaves.
        if ((subtype === 'signed' && index > 0) || subtype === 'encrypted') {
          const childNode = readNode(child);
          if (childNode) leaves.push({ node: childNode, part: childPath.join('.'), parentSubtype: subtype, position: index, encapsulated, securityPart: true });
          return;
        }
        walk(child, childPath, subtype, index, encapsulated, depth + 1);
      });
      return;
    }
    // RFC 3501 section 6.4.5: a non-multipart message has one part, "1".
    const part = path.length ? path.join('.') : '1';
    leaves.push({ node, part, parentSubtype, position, encapsulated, securityPart: false });
    if (node.type === 'message/rfc822' || node.type === 'message/global') {
      // The encapsulated body: a multipart numbers its children <part>.N, a single part is <part>.1.
      const inner = node.childNodes[0];
      const innerNode = readNode(inner);
      if (innerNode) {
        const innerPath = path.length ? path : [1];
        if (innerNode.type.startsWith('multipart/')) walk(inner, innerPath, parentSubtype, position, true, depth + 1);
        else walk(inner, [...innerPath, 1], '', 0, true, depth + 1);
      }
    }
  };
  walk(root, [], '', 0, false, 0);
  return leaves;
}

function isSnippetText(type: string): type is SnippetTextType {
  return type === 'text/plain' || type === 'text/html';
}

function hasFilename(node: StructureNode): boolean {
  return Boolean(node.dispositionParameters.filename || node.parameters.name || node.dispositionParameters['filename*'] || node.parameters['name*']);
}

/** Whether a leaf is something the user would call an attachment. */
function isAttachment(leaf: Leaf): boolean {
  const { node } = leaf;
  if (leaf.encapsulated) return false; // counted once, as the message/rfc822 part itself
  if (leaf.securityPart) return false;
  if (node.disposition === 'attachment') return true;
  if (node.type.startsWith('text/')) {
    // text/plain and text/html without `attachment` are body text (mailparser shows them
    // as such). Other text types count when named: a .csv or .ics sent without a
    // disposition is a file, an unnamed text/calendar is an invitation's data.
    return !isSnippetText(node.type) && hasFilename(node) && node.disposition !== 'inline';
  }
  // An image (or other resource) referenced from the HTML root of a multipart/related
  // (RFC 2387) is part of the body, not an attachment.
  if (leaf.parentSubtype === 'related' && leaf.position > 0 && node.referencable) return false;
  // multipart/report (RFC 6522): the machine-readable status part belongs to the bounce text.
  if (leaf.parentSubtype === 'report' && node.type === 'message/delivery-status') return false;
  return true;
}

function isBodyText(leaf: Leaf): boolean {
  return isSnippetText(leaf.node.type) && leaf.node.disposition !== 'attachment' && !leaf.securityPart;
}

function textPartRef(leaf: Leaf): TextPartRef {
  const type = leaf.node.type as SnippetTextType;
  return {
    part: leaf.part,
    type,
    encoding: leaf.node.encoding || '7bit',
    charset: (leaf.node.parameters.charset ?? '').trim().toLowerCase() || 'us-ascii',
  };
}

/** Prefers the message's own text/plain, then its own text/html, then a forwarded message's. */
function bestTextLeaf(candidates: Leaf[]): Leaf | undefined {
  return (
    candidates.find((leaf) => leaf.node.type === 'text/plain' && !leaf.encapsulated) ??
    candidates.find((leaf) => !leaf.encapsulated) ??
    candidates.find((leaf) => leaf.node.type === 'text/plain') ??
    candidates[0]
  );
}

/**
 * Attachments flag and best snippet part of an imapflow `bodyStructure`. Never throws:
 * anything that is not a structure object gives no attachments and no text part.
 */
export function summarizeBodyStructure(structure: unknown): BodyStructureSummary {
  const leaves = collectLeaves(structure);
  const hasAttachments = leaves.some(isAttachment);
  const candidates = leaves.filter(isBodyText);
  // An empty text/plain alternative (some newsletters send one) would make an empty
  // snippet while the HTML has the words.
  const best = bestTextLeaf(candidates.filter((leaf) => leaf.node.size !== 0)) ?? bestTextLeaf(candidates);
  return { hasAttachments, textPart: best ? textPartRef(best) : null };
}
