/** Entry point of the vendor console: read and validate `/config.json`, then start the console, or explain why it cannot. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from '../components/error-boundary.js';
import { StartupError } from '../components/startup-error.js';
import '../styles/index.css';
import './vendor.css';
import { loadVendorConsoleConfig } from './console-config.js';
import { VendorConsole } from './vendor-console.js';

const container = document.getElementById('root');
if (!container) throw new Error('vendor/index.html must contain <div id="root">.');
const root = createRoot(container);

loadVendorConsoleConfig().then((result) => {
  root.render(
    <StrictMode>
      <ErrorBoundary>
        {result.ok ? <VendorConsole config={result.config} /> : <StartupError title={result.title} detail={result.detail} issues={result.issues} />}
      </ErrorBoundary>
    </StrictMode>,
  );
});
