import { render } from 'preact';
import { ApiClient } from './api/client';
import { loadConfig } from './config';
import { storedValue, webStorage } from './storage';
import { App } from './views/App';
import { KeyRequests } from './keyRequests';
import { viewerId } from './visits';
import './styles.css';

const config = await loadConfig();
const root = document.getElementById('app')!;

if (config.auth) {
  const { startSignedIn } = await import('./signedIn');
  startSignedIn({ ...config, auth: config.auth }, root);
} else {
  // Sign-in off: a random viewer id per browser for "new", and the admin key asked for on the first refused write.
  const keyRequests = new KeyRequests();
  const viewer = storedValue(webStorage('localStorage'), 'gistcloud.viewerId');
  const client = new ApiClient({
    base: config.apiBase,
    apiKey: storedValue(webStorage('sessionStorage'), 'gistcloud.apiKey'),
    askForKey: keyRequests.ask,
    viewerId: () => viewerId(viewer),
  });
  root.textContent = '';
  render(<App client={client} keyRequests={keyRequests} />, root);
}
