import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import BoardPage from '../features/board/BoardPage';
import JoinPage from '../features/join/JoinPage';
import { loadScreenWords, useT } from '../lib/i18n';
import { usePath } from '../lib/router';
import { Loading } from '../ui/Loading';
import { parseRoute, type Route } from './routes';

/** A laptop or big-screen page: its code and its English words, fetched together. */
const screen = <P,>(page: () => Promise<{ default: ComponentType<P> }>) =>
  lazy(async () => (await Promise.all([page(), loadScreenWords()]))[0]);

// Phones only ever load join + board; the laptop and big-screen screens arrive on demand.
const FacilitatePage = screen(() => import('../features/facilitate/FacilitatePage'));
const PresentPage = screen(() => import('../features/present/PresentPage'));
const OrganisePage = screen(() => import('../features/organise/OrganisePage'));
const HistoryPage = screen(() => import('../features/history/HistoryPage'));
const ReplayPage = screen(() => import('../features/history/ReplayPage'));
// Opened weeks later from a saved link, on a phone: its own small chunk.
const CommitmentPage = lazy(() => import('../features/followup/CommitmentPage'));

export function App() {
  const path = usePath();
  const route = parseRoute(path);
  // Keyed by path so moving between sessions never reuses one board's connection for another.
  return <Lazy key={path}>{render(route)}</Lazy>;
}

function Lazy({ children }: { children: ReactNode }) {
  const t = useT();
  return <Suspense fallback={<Loading label={t('common.loading')} />}>{children}</Suspense>;
}

function render(route: Route): ReactNode {
  switch (route.name) {
    case 'join':
      return <JoinPage code={route.code} />;
    case 'board':
      return <BoardPage sessionId={route.sessionId} />;
    case 'present':
      return <PresentPage sessionId={route.sessionId} />;
    case 'facilitate':
      return <FacilitatePage sessionId={route.sessionId} />;
    case 'organise':
      return <OrganisePage />;
    case 'history':
      return <HistoryPage />;
    case 'replay':
      return <ReplayPage sessionId={route.sessionId} />;
    case 'commitment':
      return <CommitmentPage token={route.token} />;
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  const t = useT();
  return (
    <main className="page narrow">
      <p>{t('common.notFound')}</p>
      <a className="link" href="/">
        {t('join.title')}
      </a>
    </main>
  );
}
