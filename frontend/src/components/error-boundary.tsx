/** Last line of defence: a rendering bug shows a message and a reload button instead of a blank page. */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { StartupError } from './startup-error.js';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('Unhandled rendering error', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <StartupError title="Something went wrong" detail={this.state.error.message} />;
    return this.props.children;
  }
}
