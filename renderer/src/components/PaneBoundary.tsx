// A render error unmounts everything up to the nearest error boundary; without one
// that is the whole app, its socket included, and the window goes blank. These
// boundaries sit inside App, below useHubSocket: while a part of the window shows
// this message, the socket and the stores keep running and the other parts stay live.
import { Component, type ReactNode } from 'react';

interface PaneBoundaryProps {
  /** The part of the window, as the message names it ("The message list"). */
  label: string;
  /** The class of the element the fallback stands in for, so the layout keeps its place. */
  className: string;
  /** A change (e.g. another message opened) renders the children again after an error. */
  resetKey?: unknown;
  /** What Reload does; by default the page reloads, and with it every store from the hub. */
  onReload?: () => void;
  children: ReactNode;
}

interface PaneBoundaryState {
  failed: boolean;
  resetKey: unknown;
}

export class PaneBoundary extends Component<PaneBoundaryProps, PaneBoundaryState> {
  override state: PaneBoundaryState = { failed: false, resetKey: this.props.resetKey };

  // React itself reports the error (console.error with the component stack).
  static getDerivedStateFromError(): Partial<PaneBoundaryState> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: PaneBoundaryProps, state: PaneBoundaryState): Partial<PaneBoundaryState> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { failed: false, resetKey: props.resetKey };
  }

  private readonly reload = (): void => {
    if (this.props.onReload) this.props.onReload();
    else window.location.reload();
  };

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <section className={`${this.props.className} pane-error`} role="alert" data-testid="pane-error">
        <p>{this.props.label} could not be shown because of an unexpected error. Your mail is kept by the hub: reload to show it again.</p>
        <button type="button" onClick={this.reload}>
          Reload
        </button>
      </section>
    );
  }
}
