/** A module one folder below the thread's entry: what `import.meta.url` says here. */
export const NESTED_MODULE_URL = import.meta.url;
