import { useState } from 'react';
import type { AttachmentInfo } from '../../../shared/api';
import { useApi } from '../api/api-context';
import { errorInfo } from '../mail/mail-commands';
import { fileSize } from '../mail/format';

/** Attachments with a download each (fetched with the token, then saved from a blob: URL). */
export function AttachmentList({ messageId, attachments }: { messageId: string; attachments: AttachmentInfo[] }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const files = attachments.filter((a) => a.disposition === 'attachment' || !a.contentId);
  if (files.length === 0) return null;

  const download = async (attachment: AttachmentInfo): Promise<void> => {
    if (!api) return;
    setError(null);
    try {
      const blob = await api.getAttachment(messageId, attachment.index);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = attachment.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (failure) {
      setError(errorInfo(failure).message);
    }
  };

  return (
    <div className="attachments" data-testid="attachments">
      {files.map((attachment) => (
        <button key={attachment.index} type="button" className="attachment" onClick={() => void download(attachment)} data-testid="attachment">
          {attachment.filename} <span className="muted">({fileSize(attachment.size)})</span>
        </button>
      ))}
      {error ? <span className="error" role="alert">Download failed: {error}</span> : null}
    </div>
  );
}
