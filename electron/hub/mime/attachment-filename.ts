// Attachment names come from the sender and end up as download names: a name like
// "../../etc/passwd" or one with control characters must not reach a file system call
// or a one-line UI intact. The decoded name is reduced to its last path segment.
import { cleanDisplayText } from './display-text';

// Common file system limit (ext4, NTFS, APFS) for one path segment, in characters here.
const MAX_FILENAME_LENGTH = 255;

/** The last path segment of `name`, control characters removed, at most 255 chars (extension kept); null when nothing is left. */
export function safeFilename(name: string | undefined): string | null {
  if (!name) return null;
  const segment = cleanDisplayText(name.split(/[/\\]/).pop() ?? '');
  if (segment === '' || segment === '.' || segment === '..') return null;
  if (segment.length <= MAX_FILENAME_LENGTH) return segment;
  const dot = segment.lastIndexOf('.');
  const extension = dot > 0 && segment.length - dot <= 16 ? segment.slice(dot) : '';
  return segment.slice(0, MAX_FILENAME_LENGTH - extension.length) + extension;
}
