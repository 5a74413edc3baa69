// How long the pages wait before they give up on a server that accepted the connection but does
// not answer, and say so: one API call (the whole answer, body included) and the loading of
// Jitsi's External API script. Each call reads them when it starts, so a host app (or a test) may
// change them once for all; createApi({ timeoutMs }) and joinConference(id, { loadTimeoutMs })
// set them for one client or one call.
export const timeouts = {
  apiMs: 10000,
  jitsiLoadMs: 10000,
};

/** "10 s", "1.5 s": a timeout as the pages say it. */
export function seconds(ms) {
  return `${ms / 1000} s`;
}
