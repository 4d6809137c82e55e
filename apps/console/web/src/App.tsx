import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ApiError, signIn } from './api/client.js';
import { useSession } from './api/session.js';
import { Home } from './screens/home/Home.js';
import { BookScreen } from './screens/book/BookScreen.js';
import { ChairsideScreen } from './screens/chairside/ChairsideScreen.js';
import { TodayScreen } from './screens/today/TodayScreen.js';

/** Loaded when first opened: its charts stay out of the initial JavaScript. */
const ReportsScreen = lazy(() => import('./screens/reports/ReportsScreen.js'));
const QueuesScreen = lazy(() => import('./screens/queues/QueuesScreen.js'));
const PatientsScreen = lazy(() => import('./screens/patients/PatientsScreen.js'));
const SetupScreen = lazy(() => import('./screens/setup/SetupScreen.js'));
import { rememberBoard } from './api/remembered-board.js';
import { CurrentLocationContext, rememberedLocation, rememberLocation } from './shell/current-location.js';
import { screensFor } from './shell/screens.js';
import { Shell } from './shell/Shell.js';
import { ErrorState, Loading, NotAllowed, NotFound } from './shell/States.js';

/** A screen loaded when first opened, if the user may open it. */
function lazyScreen(allowed: boolean, screen: ReactNode) {
  return allowed ? <Suspense fallback={<Loading />}>{screen}</Suspense> : <NotAllowed />;
}

export function App() {
  const session = useSession();
  const [chosen, setChosen] = useState<string | null>(() => rememberedLocation());
  const choose = useCallback((id: string) => {
    rememberLocation(id);
    setChosen(id);
  }, []);
  const locations = session.data?.locations;
  const current = useMemo(
    () => ({ location: locations?.find((l) => l.id === chosen) ?? locations?.[0], choose }),
    [locations, chosen, choose],
  );

  // The board this user works, so that the next page load of Today or Chairside can ask for it at once (early-board.ts).
  const shown = current.location;
  const worksBoard = !!session.data && screensFor(session.data).some((s) => s.id === 'today' || s.id === 'chairside');
  useEffect(() => {
    if (session.data) rememberBoard(worksBoard && shown ? { locationId: shown.id, timeZone: shown.timeZone } : undefined);
  }, [session.data, worksBoard, shown]);

  if (session.isPending) return <Loading />;
  if (session.error instanceof ApiError && session.error.status === 401) {
    signIn();
    return <Loading />;
  }
  if (session.error) return <ErrorState error={session.error} retry={() => void session.refetch()} />;
  const screens = screensFor(session.data);
  const allowed = (id: string) => screens.some((s) => s.id === id);

  return (
    <CurrentLocationContext.Provider value={current}>
      <Shell session={session.data} screens={screens}>
        <Routes>
          <Route path="/" element={<Home session={session.data} screens={screens} />} />
          <Route path="/today" element={allowed('today') ? <TodayScreen /> : <NotAllowed />} />
          <Route path="/chairside" element={allowed('chairside') ? <ChairsideScreen /> : <NotAllowed />} />
          <Route path="/book" element={allowed('book') ? <BookScreen /> : <NotAllowed />} />
          <Route path="/queues" element={lazyScreen(allowed('queues'), <QueuesScreen />)} />
          <Route path="/patients" element={lazyScreen(allowed('patients'), <PatientsScreen />)} />
          <Route path="/reports" element={lazyScreen(allowed('reports'), <ReportsScreen />)} />
          <Route path="/setup" element={lazyScreen(allowed('setup'), <SetupScreen />)} />
          <Route path="/index.html" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Shell>
    </CurrentLocationContext.Provider>
  );
}
