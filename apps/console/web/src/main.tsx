import '@mantine/core/styles.css';
import './console.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { english, I18nContext } from './i18n/i18n.js';
import { readBoardEarly } from './screens/today/early-board.js';

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } },
});

// Today's and Chairside's board is asked for now, beside the session, not after it.
readBoardEarly(queryClient);

// Primary colour dark enough for AA contrast on white (WCAG 2.1 1.4.3).
const theme = createTheme({ primaryColor: 'indigo', primaryShade: 8 });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nContext.Provider value={english}>
      <MantineProvider theme={theme}>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </I18nContext.Provider>
  </StrictMode>,
);
