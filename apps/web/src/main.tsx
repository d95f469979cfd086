import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { PwaStatus } from './pwa/pwa-status';
import './styles.css';
import './plan/plan.css';
import './print.css';
import './pwa/pwa.css';
import './offline/offline.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PwaStatus />
    <App />
  </StrictMode>,
);
