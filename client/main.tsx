import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { currentLang } from './features/i18n/i18n';
import './app.css';

const lang = currentLang();
document.documentElement.lang = lang;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App path={location.pathname} lang={lang} />
  </StrictMode>,
);
