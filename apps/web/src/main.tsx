import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { keyboardScrollableTables } from './a11y';
import { App } from './App';
import './contrast.css';

// A form whose check failed (antd rejects validateFields with the fields in error) has shown what is missing next to
// each field: that rejection is expected, never an uncaught page error.
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason && typeof e.reason === 'object' && 'errorFields' in e.reason) e.preventDefault();
});

keyboardScrollableTables();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
