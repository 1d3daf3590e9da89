/** The policy the page must run under: scripts from the page's origin only, WebAssembly allowed. */
export declare const CONTENT_SECURITY_POLICY: string;

/** Serves the files under `root` with {@link CONTENT_SECURITY_POLICY}; port 0 picks a free port. */
export declare function serveStatic(
  root: string,
  options?: { port?: number; host?: string },
): Promise<{ url: string; close: () => Promise<void> }>;
