// The services (the one list: libs/contracts src/services.ts), their default ports and how to
// load their DataSource options. Reads built code: call after `turbo run build`.
export async function loadServices() {
  const { SERVICE_NAMES, DEFAULT_PORTS } = await import('../../libs/contracts/dist/services.js');
  return SERVICE_NAMES.map((name) => ({
    name,
    port: DEFAULT_PORTS[name],
    dataSource: () => import(`../../apps/${name}/dist/database/data-source.js`).then((m) => m[`${name}DataSourceOptions`]),
  }));
}
