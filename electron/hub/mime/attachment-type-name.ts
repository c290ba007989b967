// A name for an attachment whose part names none, from its type, as Thunderbird gives one:
// a meeting invitation (text/calendar, RFC 5545) sent without a filename is "invite.ics", a
// forwarded message (message/rfc822) "message.eml". Without a name the list said "Unnamed
// attachment" and the download was saved with no extension, which no program opens.

/** Parts whose type says what they are: the name a user recognises. */
const NAMES: Readonly<Record<string, string>> = {
  'text/calendar': 'invite.ics',
  'application/ics': 'invite.ics',
  'message/rfc822': 'message.eml',
  'message/global': 'message.eml', // RFC 6532: a message with UTF-8 headers
  'text/vcard': 'contact.vcf',
  'text/x-vcard': 'contact.vcf',
  'text/rfc822-headers': 'headers.txt',
  'message/delivery-status': 'delivery-status.txt',
  'message/disposition-notification': 'read-receipt.txt',
  'application/pgp-signature': 'signature.asc',
  'application/pgp-keys': 'key.asc',
  'application/pkcs7-signature': 'smime.p7s',
  'application/x-pkcs7-signature': 'smime.p7s',
};

/** Common types by the extension their files carry. */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/xml': 'xml',
  'text/markdown': 'md',
  'text/rtf': 'rtf',
  'application/rtf': 'rtf',
  'application/xml': 'xml',
  'application/json': 'json',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/gzip': 'gz',
  'application/x-gzip': 'gz',
  'application/x-7z-compressed': '7z',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
  'image/tiff': 'tif',
  'image/heic': 'heic',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
};

/** The name an unnamed part of `contentType` gets: "invite.ics", "message.eml", "attachment.pdf"; "attachment" for a type not known here. */
export function nameForType(contentType: string): string {
  const type = contentType.trim().toLowerCase();
  const named = NAMES[type];
  if (named) return named;
  const extension = EXTENSIONS[type];
  return extension ? `attachment.${extension}` : 'attachment';
}
