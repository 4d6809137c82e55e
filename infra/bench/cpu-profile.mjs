// A V8 CPU profile of this process over part of a benchmark (one phase), through the inspector,
// for processes started without `--cpu-prof` or where only one phase should be profiled.
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';

/** Starts sampling every `intervalUs`; resolves, once sampling, to a function that stops and writes the profile to `file`. */
export async function startProfile(intervalUs = 1000) {
  const session = new Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: intervalUs });
  await post('Profiler.start');
  return async (file) => {
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
  };
}
