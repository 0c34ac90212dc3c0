/** A thread for the startThread test: answers its workerData and where its modules are. */
import { parentPort, workerData } from 'node:worker_threads';
import { NESTED_MODULE_URL } from './nested/whereAmI.ts';

parentPort?.postMessage({ workerData, entryUrl: import.meta.url, nestedUrl: NESTED_MODULE_URL });
