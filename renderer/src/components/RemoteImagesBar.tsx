export interface RemoteImagesBarProps {
  blocked: number;
  sender: string | null;
  onLoad(): void;
  onTrustSender(): void;
}

/** Remote content is held back; the user may load it for this message or always for this sender. */
export function RemoteImagesBar({ blocked, sender, onLoad, onTrustSender }: RemoteImagesBarProps) {
  if (blocked === 0) return null;
  return (
    <div className="remote-images" role="status" data-testid="remote-images-bar">
      <span>
        {blocked} remote {blocked === 1 ? 'image was' : 'images were'} blocked to protect your privacy.
      </span>
      <button type="button" onClick={onLoad} data-testid="load-images">
        Load images
      </button>
      {sender ? (
        <button type="button" className="ghost" onClick={onTrustSender} data-testid="trust-sender">
          Always from {sender}
        </button>
      ) : null}
    </div>
  );
}
