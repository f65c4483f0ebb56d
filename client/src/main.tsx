import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { applyLocaleToDocument, pickLocale } from './lib/i18n';
import './styles.css';

const locale = pickLocale();
applyLocaleToDocument(locale);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App locale={locale} />
  </StrictMode>,
);
