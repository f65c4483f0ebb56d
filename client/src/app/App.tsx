import { lazy, Suspense, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import JoinPage from '../features/join/JoinPage';
import { loadScreenWords, useT } from '../lib/i18n';
import { usePath } from '../lib/router';
import { Loading } from '../ui/Loading';
import { parseRoute, type Route } from './routes';

/** A laptop or big-screen page: its code and its English words, fetched together. */
const screen = <P,>(page: () => Promise<{ default: ComponentType<P> }>) =>
  lazy(async () => (await Promise.all([page(), loadScreenWords()]))[0]);

// The phone's board is a chunk of its own (Yjs, Socket.IO, the board's screens): the join form
// shows without waiting for it, and it is fetched from the start (startLoading) so it is here by
// the time Join is tapped.
const board = preloaded(() => import('../features/board/BoardPage'));
const BoardPage = board.Page;

/** Fetches the chunk the first screen leads to, alongside what the screen itself needs. */
export function startLoading(path: string): void {
  const { name } = parseRoute(path);
  if (name === 'join' || name === 'board') void board.load();
}

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

/**
 * A page in a chunk of its own that renders at once when the chunk is already here, and shows
 * Loading until it is otherwise. Not React.lazy: that suspends on first render even with the chunk
 * here, and React holds a boundary's content back for 300 ms after its fallback shows (its
 * Suspense throttle), which on the phone was 300 ms between Join and the board.
 */
function preloaded<P extends object>(chunk: () => Promise<{ default: ComponentType<P> }>) {
  let ready: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const load = () =>
    (loading ??= chunk().then(
      (module) => (ready = module.default),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  function Page(props: P) {
    const t = useT();
    const [shown, setShown] = useState<{ page?: ComponentType<P>; error?: unknown }>(() => ({
      page: ready,
    }));
    useEffect(() => {
      if (shown.page) return;
      let mounted = true;
      load().then(
        (page) => mounted && setShown({ page }),
        (error: unknown) => mounted && setShown({ error }),
      );
      return () => {
        mounted = false;
      };
    }, [shown.page]);
    // As a lazy page's chunk that cannot load: the error goes up.
    if (shown.error !== undefined) throw shown.error;
    const Shown = shown.page;
    return Shown ? <Shown {...props} /> : <Loading label={t('common.loading')} />;
  }
  return { Page, load };
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
