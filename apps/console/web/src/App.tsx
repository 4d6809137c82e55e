import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { ApiError, signIn } from './api/client.js';
import { useSession } from './api/session.js';
import { Home } from './screens/home/Home.js';
import { BookScreen } from './screens/book/BookScreen.js';
import { ChairsideScreen } from './screens/chairside/ChairsideScreen.js';
import { TodayScreen } from './screens/today/TodayScreen.js';

/** Loaded when first opened: its charts stay out of the initial JavaScript. */
const ReportsScreen = lazy(() => import('./screens/reports/ReportsScreen.js'));
import { CurrentLocationContext, rememberedLocation, rememberLocation } from './shell/current-location.js';
import { screensFor } from './shell/screens.js';
import { Shell } from './shell/Shell.js';
import { ErrorState, Loading, NotAllowed, NotFound } from './shell/States.js';

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
          <Route
            path="/reports"
            element={
              allowed('reports') ? (
                <Suspense fallback={<Loading />}>
                  <ReportsScreen />
                </Suspense>
              ) : (
                <NotAllowed />
              )
            }
          />
          <Route path="/index.html" element={<Navigate to="/" replace />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Shell>
    </CurrentLocationContext.Provider>
  );
}
