// The four services, their default ports and how to load their DataSource options (built code).
export const SERVICES = [
  {
    name: 'scheduling',
    port: 3001,
    dataSource: () => import('../../apps/scheduling/dist/database/data-source.js').then((m) => m.schedulingDataSourceOptions),
  },
  {
    name: 'sessions',
    port: 3002,
    dataSource: () => import('../../apps/sessions/dist/database/data-source.js').then((m) => m.sessionsDataSourceOptions),
  },
  {
    name: 'notifications',
    port: 3003,
    dataSource: () =>
      import('../../apps/notifications/dist/database/data-source.js').then((m) => m.notificationsDataSourceOptions),
  },
  {
    name: 'reporting',
    port: 3004,
    dataSource: () => import('../../apps/reporting/dist/database/data-source.js').then((m) => m.reportingDataSourceOptions),
  },
];
