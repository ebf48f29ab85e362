/** Entry point: read and validate `/config.json`, then start the app, or explain why it cannot. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { ErrorBoundary } from './components/error-boundary.js';
import { StartupError } from './components/startup-error.js';
import { loadWebConfig } from './config.js';
import './styles/index.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">.');
const root = createRoot(container);

loadWebConfig().then((result) => {
  root.render(
    <StrictMode>
      <ErrorBoundary>
        {result.ok ? <App config={result.config} /> : <StartupError title={result.title} detail={result.detail} issues={result.issues} />}
      </ErrorBoundary>
    </StrictMode>,
  );
});
